#!/usr/bin/env bash
# Reading -> subscription notification latency against the real server in one JVM on loopback
# (durability on): builds the server module, then runs
# org.citybrain.server.bench.NotificationLatencyBench with its arguments:
# [readings/s=10000] [devices=100] [types=10] [values=10] [seconds=30] [warm-up seconds=10].
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# in one reactor run, so that the project's modules resolve to their target/classes
./mvnw -q ${MVN_OPTS:-} -pl citybrain-server -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/server-classpath.txt >/dev/null
cp="citybrain-server/target/test-classes:citybrain-server/target/classes:$(cat citybrain-server/target/server-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$cp" org.citybrain.server.bench.NotificationLatencyBench "$@"
