#!/usr/bin/env bash
# Entity retrieval, measured from outside the server (issue 4: p99 < 5 ms with 100,000 entities
# under 200 concurrent clients):
#
#   bench/retrieval.sh [entities=100000] [connections=200] [seconds=30] [rates="2000 5000 10000"]
#
# (rates "" skips the open-loop runs)
# 1. starts the packaged server (citybrain-cli/target/citybrain.jar serve; build it with
#    ./mvnw -q -pl citybrain-cli -am package -DskipTests) on a fresh data directory, durability on;
#    with AGAINST set, a second server beside it (next port) with those settings added, to compare
#    side by side in one run (AGAINST=--citybrain.fast-read=false: the path through Spring Security
#    and MVC); AGAINST_JAVA_OPTS likewise sets the second server's JVM options (default: the first's),
#    and AGAINST_JAR its jar (default: the first's; e.g. a jar of main against one of a branch);
# 2. loads the entities through NGSI-LD batch upserts of 1,000 (urn:ngsi-ld:Sensor:0..N-1, each a
#    temperature Property and a location GeoProperty) and creates a viewer user;
# 3. closed loop: wrk, 2 threads, the given connections, GET of random entities with the viewer's
#    token (bench/retrieval.lua), --latency: how many requests/s the server gives at saturation, and
#    the server's CPU time per request (from /proc: comparable across runs on a noisy machine);
# 4. open loop: bench/OpenLoopGet.java at each fixed rate over the same connections, latency from
#    each request's scheduled time (no coordinated omission): the p99 a client sees at that rate,
#    and the server's CPU use meanwhile.
# With AGAINST, AGAINST_JAVA_OPTS or AGAINST_JAR, steps 3 and 4 alternate between the two servers, ROUNDS times (1).
# Environment: JAR (the server jar), PORT (18080), SERVER_JAVA_OPTS (-Xmx4g), SERVER_ARGS (more server
# settings for both), AGAINST, ROUNDS, WARMUP (10 s), PROFILE=file.jfr (records a JFR profile of the
# server over the whole run; with AGAINST, file.jfr and file-against.jfr), KEEP=1 (keep the data),
# WRK_THREADS (wrk's threads, 2), FLOOR=N (also measure bench/HttpFloor.java with N threads beside
# the servers: the most any HTTP server can give on this machine under the same load).
# Needs wrk (Debian: apt-get install wrk), curl and a JDK 17 on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
entities="${1:-100000}"
connections="${2:-200}"
seconds="${3:-30}"
rates="${4-2000 5000 10000}"
jar="${JAR:-citybrain-cli/target/citybrain.jar}"
port="${PORT:-18080}"
warmup="${WARMUP:-10}"
rounds="${ROUNDS:-1}"
wrk_threads="${WRK_THREADS:-2}"
admin="retrieval-bench-admin-token-0123456789"

command -v wrk >/dev/null || { echo "retrieval.sh: wrk not found (Debian: apt-get install wrk)" >&2; exit 1; }
for j in "$jar" ${AGAINST_JAR:-}; do
  [ -f "$j" ] || { echo "retrieval.sh: $j not found; build it: ./mvnw -q -pl citybrain-cli -am package -DskipTests" >&2; exit 1; }
done

data="$(mktemp -d "${TMPDIR:-/tmp}/citybrain-retrieval-XXXXXX")"
names=(server)
ports=("$port")
settings=("${SERVER_ARGS:-}")
jvm=("${SERVER_JAVA_OPTS:--Xmx4g}")
jars=("$jar")
if [ -n "${AGAINST:-}" ] || [ -n "${AGAINST_JAVA_OPTS:-}" ] || [ -n "${AGAINST_JAR:-}" ]; then
  names+=(against)
  ports+=($((port + 1)))
  against_settings="${SERVER_ARGS:-} ${AGAINST:-}"
  against_settings="${against_settings# }"
  settings+=("${against_settings% }")
  jvm+=("${AGAINST_JAVA_OPTS:-${jvm[0]}}")
  jars+=("${AGAINST_JAR:-$jar}")
fi
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  if [ -z "${KEEP:-}" ]; then rm -rf "$data"; else echo "data and server logs kept in $data"; fi
}
trap stop EXIT

for i in "${!names[@]}"; do
  name=${names[$i]}
  mkdir -p "$data/$name"
  opts=(${jvm[$i]})
  if [ -n "${PROFILE:-}" ]; then
    file=$PROFILE
    [ "$name" = server ] || file="${PROFILE%.jfr}-$name.jfr"
    opts+=("-XX:StartFlightRecording=filename=$file,settings=profile")
  fi
  CITYBRAIN_ADMIN_TOKEN="$admin" java "${opts[@]}" -jar "${jars[$i]}" serve --port "${ports[$i]}" --data-dir "$data/$name" -- \
    --citybrain.mqtt.port=0 --citybrain.congestion.enabled=false --citybrain.max-body-bytes=8388608 ${settings[$i]} \
    >"$data/$name.log" 2>&1 &
  pids+=($!)
done
for i in "${!names[@]}"; do
  for _ in $(seq 1 240); do
    grep -q "listening on" "$data/${names[$i]}.log" && break
    kill -0 "${pids[$i]}" 2>/dev/null || { cat "$data/${names[$i]}.log" >&2; echo "retrieval.sh: the ${names[$i]} did not start" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "listening on" "$data/${names[$i]}.log" || { echo "retrieval.sh: the ${names[$i]} did not start in 120 s" >&2; exit 1; }
done

tokens=()
for i in "${!names[@]}"; do
  base="http://127.0.0.1:${ports[$i]}"
  started=$SECONDS
  for ((from = 0; from < entities; from += 1000)); do
    to=$((from + 1000 < entities ? from + 1000 : entities))
    code=$(awk -v from="$from" -v to="$to" 'BEGIN {
        printf "[";
        for (i = from; i < to; i++) {
          printf "%s{\"id\":\"urn:ngsi-ld:Sensor:%d\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":%d},", (i == from ? "" : ","), i, i % 40;
          printf "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[%.3f,%.3f]}}}", 120 + (i % 100) / 1000.0, 30 + (int(i / 100) % 1000) / 1000.0;
        }
        printf "]" }' |
      curl -s -o /dev/null -w '%{http_code}' -X POST "$base/ngsi-ld/v1/entityOperations/upsert" \
        -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' --data-binary @-)
    case "$code" in 201 | 204) ;; *) echo "retrieval.sh: loading entities $from..$to failed with HTTP $code" >&2; exit 1 ;; esac
  done
  echo "${names[$i]} (${jars[$i]}, ${settings[$i]:-defaults}): loaded $entities entities in $((SECONDS - started)) s"

  user=$(curl -s -X POST "$base/api/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"name":"retrieval-bench-viewer","role":"VIEWER"}')
  token=$(printf '%s' "$user" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "retrieval.sh: could not create the viewer user: $user" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:$((entities - 1))" \
    -H "Authorization: Bearer $token")
  [ "$code" = 200 ] || { echo "retrieval.sh: the viewer cannot read an entity: HTTP $code" >&2; exit 1; }
  tokens+=("$token")
done

if [ -n "${FLOOR:-}" ]; then
  # the ceiling: bench/HttpFloor.java answering every request with a body as long as a real answer
  bytes=$(curl -s "http://127.0.0.1:${ports[0]}/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:$((entities - 1))" \
    -H "Authorization: Bearer ${tokens[0]}" -H 'Accept: application/json' | wc -c)
  floor_port=$((port + 2))
  java -Xmx256m bench/HttpFloor.java "$floor_port" "$FLOOR" "$bytes" >"$data/floor.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q "listening on" "$data/floor.log" && break; sleep 0.5; done
  grep -q "listening on" "$data/floor.log" || { cat "$data/floor.log" >&2; echo "retrieval.sh: HttpFloor did not start" >&2; exit 1; }
  names+=(floor)
  ports+=("$floor_port")
  settings+=("bench/HttpFloor.java, $FLOOR threads, $bytes-byte body")
  jvm+=("-Xmx256m")
  tokens+=(none)
fi
export BENCH_ENTITIES="$entities"
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system clock ticks of a process
hz=$(getconf CLK_TCK)
for i in "${!names[@]}"; do
  echo "== ${names[$i]}: warm-up: wrk ${warmup} s, $connections connections"
  BENCH_TOKEN="${tokens[$i]}" wrk -t"$wrk_threads" -c"$connections" -d"${warmup}s" --timeout 30s -s bench/retrieval.lua \
    "http://127.0.0.1:${ports[$i]}" >/dev/null
done
for ((round = 1; round <= rounds; round++)); do
  for i in "${!names[@]}"; do
    echo "== ${names[$i]} (${settings[$i]:-defaults}; ${jvm[$i]}), round $round: closed loop: wrk -t$wrk_threads -c$connections -d${seconds}s --timeout 30s --latency"
    cpu_before=$(cpu "${pids[$i]}")
    BENCH_TOKEN="${tokens[$i]}" wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --timeout 30s --latency -s bench/retrieval.lua \
      "http://127.0.0.1:${ports[$i]}" | tee "$data/wrk.out"
    requests=$(awk '/requests in/ { print $1 }' "$data/wrk.out")
    awk -v ticks=$(($(cpu "${pids[$i]}") - cpu_before)) -v hz="$hz" -v n="$requests" \
      'BEGIN { printf "server CPU: %.2f s for %d requests, %.3f ms per request\n", ticks / hz, n, 1000 * ticks / hz / n }'
  done
  for rate in $rates; do
    for i in "${!names[@]}"; do
      echo "== ${names[$i]} (${settings[$i]:-defaults}), round $round: open loop: $rate requests/s"
      cpu_before=$(cpu "${pids[$i]}")
      started_ns=$(date +%s%N)
      java -Xmx1g bench/OpenLoopGet.java 127.0.0.1 "${ports[$i]}" "${tokens[$i]}" "$entities" "$connections" "$rate" "$seconds" 5 ||
        echo "(the run at $rate requests/s had failures)"
      awk -v ticks=$(($(cpu "${pids[$i]}") - cpu_before)) -v hz="$hz" -v ns=$(($(date +%s%N) - started_ns)) \
        'BEGIN { printf "server CPU: %.2f cores on average over the run (warm-up included)\n", ticks / hz / (ns / 1e9) }'
    done
  done
done
