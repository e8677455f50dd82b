#!/usr/bin/env bash
# The server's benchmarks, each the real server in one JVM on loopback with durability on:
#   bench/server-bench.sh HttpIngestBench [threads=32] [seconds=30] [entries=10] [values=10] [warm-up=10] [data dir]
#   bench/server-bench.sh EntityRetrievalBench [entities=100000] [clients=200] [seconds=30] [warm-up=10]
#   bench/server-bench.sh NotificationLatencyBench [readings/s=10000] [devices=100] [types=10] [entries=10] [values=10] [seconds=30] [warm-up=10]
#   bench/server-bench.sh MqttIngestBench ...   (see docs/benchmarks.md)
#   bench/server-bench.sh ClosedLoopBench [speed=10] [detector interval s=15] [controller=maxpressure|brain]
#   bench/server-bench.sh IncidentDetectionBench [speed=50] [detector interval s=30] [controller=plan]
#   bench/server-bench.sh EmergencyLoopBench [speed=10] [depart s=600] [controller=plan]
# Builds the server module first. Data goes under target/ unless a data dir is given; it must be on
# the disk being measured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bench="${1:?which benchmark: HttpIngestBench, EntityRetrievalBench or MqttIngestBench}"
shift
case "$bench" in
  MqttIngestBench) class=org.citybrain.server.mqtt.MqttIngestBench ;;
  *) class="org.citybrain.server.bench.$bench" ;;
esac
# in one reactor run, so that the project's modules resolve to their target/classes
./mvnw -q -pl citybrain-server -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/server-classpath.txt >/dev/null
cp="citybrain-server/target/test-classes:citybrain-server/target/classes:$(cat citybrain-server/target/server-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$cp" "$class" "$@"
