#!/usr/bin/env bash
# Sustained HTTP batch ingestion against the real server in one JVM on loopback (durability on):
# builds the server module, then runs org.citybrain.server.bench.HttpIngestBench with its
# arguments: [threads=32] [seconds=30] [entries=10] [values=10] [warm-up seconds=10] [data dir].
# The data directory must be on the disk being measured (default: a temporary one under target/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# in one reactor run, so that the project's modules resolve to their target/classes
./mvnw -q -pl citybrain-server -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/server-classpath.txt >/dev/null
cp="citybrain-server/target/test-classes:citybrain-server/target/classes:$(cat citybrain-server/target/server-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$cp" org.citybrain.server.bench.HttpIngestBench "$@"
