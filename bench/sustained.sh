#!/usr/bin/env bash
# Sustained ingestion with the load generator in its own process, the heap after a full GC sampled
# in the server's:
#   bench/sustained.sh mqtt [seconds=300] [devices=1000] [window=4] [readings/message=1] [client threads=2]
#   bench/sustained.sh http [seconds=300] [threads=32] [entries=10] [values=10]
# The server (SustainedServer) runs until the load has ended; both print every 30 s: the server
# its heap after a full GC, the load generator its acknowledged rate. Data under target/ (on the
# disk being measured). BENCH_JAVA_OPTS sets the server JVM's options (default -Xmx4g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kind="${1:?mqtt or http}"
seconds="${2:-300}"
./mvnw -q -pl citybrain-server -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/server-classpath.txt >/dev/null
cp="citybrain-server/target/test-classes:citybrain-server/target/classes:$(cat citybrain-server/target/server-classpath.txt)"
log=$(mktemp "${TMPDIR:-/tmp}/sustained-server.XXXXXX")
java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$cp" org.citybrain.server.bench.SustainedServer 86400 30 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until grep -q '^ready' "$log"; do
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
read -r http mqtt admin < <(sed -n 's/^ready http=\([0-9]*\) mqtt=\([0-9]*\) admin=\(.*\)$/\1 \2 \3/p' "$log")
tail -f "$log" | grep --line-buffered '^server' &
tailer=$!
case "$kind" in
  mqtt) java -Xmx1g -cp "$cp" org.citybrain.server.bench.MqttLoad 127.0.0.1 "$http" "$mqtt" "$admin" "${3:-1000}" "$seconds" \
          "${4:-4}" "${5:-1}" "${6:-2}" 30 ;;
  http) java -Xmx1g -Dtarget="http://127.0.0.1:$http" -Dadmin="$admin" -Dsample=30 -cp "$cp" \
          org.citybrain.server.bench.HttpIngestBench "${3:-32}" "$seconds" "${4:-10}" "${5:-10}" 10 ;;
  *) echo "mqtt or http, not $kind" >&2; exit 2 ;;
esac
sleep 31 # one more heap sample after the load
kill $server $tailer 2>/dev/null || true
