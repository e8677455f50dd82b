#!/usr/bin/env bash
# Side-by-side throughput of SUMO and CityBrain on the Hangzhou 4x4 scenario, on this machine.
#
#   bench/compare-sumo.sh            # from anywhere; REPEATS=3 by default
#
# What it does, in order:
#   1. If `sumo` is not on the PATH, installs Debian's `sumo` package
#      (apt-get update && apt-get install -y sumo). That needs root; it says so and stops otherwise.
#   2. Builds the project (./mvnw -q -DskipTests package) when the benchmark jar is missing or older
#      than a source file.
#   3. REPEATS times, alternating so that a noisy neighbour hurts every engine alike:
#      (a) SUMO on scenarios/hangzhou_4x4_sumo/*.sumocfg, 3,600 s, no GUI, no output files,
#          --no-step-log --duration-log.statistics; SUMO's own "Duration" (the simulation loop, net
#          loading excluded) and "UPS" (vehicles moved per step, summed, over that duration);
#      (b) CityBrain (ScenarioBench) on the same SUMO files, read by our SUMO reader, lane change on,
#          one thread;
#      (c) CityBrain on the CityFlow files of the same scenario, lane change on, then (d) off.
#      Each CityBrain call is a fresh JVM doing two runs: run 1 is "cold" (JIT compiling, the fair
#      match for a fresh SUMO process), run 2 is "warm" (steady state).
#   4. Prints a table of median vehicle updates/s and the ratios to SUMO, plus CityFlow's figures,
#      which are quoted (CityFlow cannot be built here), not measured.
#
# Environment: REPEATS (default 3), JAVA (default java), JAVA_OPTS (extra JVM flags, default none),
# SUMO_HOME (default /usr/share/sumo, which SUMO needs to validate its XML).
# Raw logs are kept in a temporary directory, printed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPEATS=${REPEATS:-3}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
STEPS=3600
JAR="$ROOT/citybrain-bench/target/benchmarks.jar"
SUMO_DIR="$ROOT/scenarios/hangzhou_4x4_sumo"
CF_DIR="$ROOT/scenarios/hangzhou_4x4"
SUMO_CFG=$(ls "$SUMO_DIR"/*.sumocfg)
SUMO_NET=$(ls "$SUMO_DIR"/*.net.xml)
SUMO_ROU=$(ls "$SUMO_DIR"/*.rou.xml)
CF_ROADNET="$CF_DIR/roadnet_4_4.json"
CF_FLOW="$CF_DIR/anon_4_4_hangzhou_real.json"

# CityFlow 1.0, one thread, Hangzhou 4x4, measured by the project founders on this kind of machine.
CITYFLOW_LC_ON=450000
CITYFLOW_LC_OFF=700000

say() { printf '%s\n' "$*" >&2; }

# --- 1. SUMO -------------------------------------------------------------------------------------
if ! command -v sumo >/dev/null 2>&1; then
    say "sumo not found: installing Debian's 'sumo' package (apt-get update && apt-get install -y sumo)"
    if [[ $(id -u) -ne 0 ]]; then
        say "error: installing packages needs root; run as root or install sumo yourself, then rerun"
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y sumo
fi
if [[ -z ${SUMO_HOME:-} && -d /usr/share/sumo ]]; then
    # without it SUMO cannot find its XML schemas and rejects the route file
    export SUMO_HOME=/usr/share/sumo
fi
# read the whole output (no head): under pipefail a SIGPIPE would end the script
SUMO_VERSION=$(sumo --version 2>/dev/null | sed -n '1s/^Eclipse SUMO sumo Version //p')

# --- 2. build ------------------------------------------------------------------------------------
if [[ ! -f $JAR ]] || [[ -n $(find "$ROOT"/citybrain-*/src "$ROOT"/pom.xml "$ROOT"/citybrain-*/pom.xml \
        -newer "$JAR" -type f -print -quit) ]]; then
    say "building: (cd $ROOT && ./mvnw -q -DskipTests package)"
    (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi

# --- 3. runs -------------------------------------------------------------------------------------
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/compare-sumo.XXXXXX")
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# appends "ups seconds process_seconds" to $LOGS/sumo.txt
run_sumo() {
    local i=$1 log="$LOGS/sumo-$i.log" t0 t1
    t0=$(now)
    (cd "$SUMO_DIR" && sumo -c "$SUMO_CFG" --end "$STEPS" --no-step-log --duration-log.statistics \
        --no-warnings) >"$log" 2>&1 || { say "SUMO failed, see $log"; tail -5 "$log" >&2; exit 1; }
    t1=$(now)
    local ups dur
    ups=$(awk '/^ *UPS:/ { print $2 }' "$log")
    dur=$(awk '/^ *Duration:/ && !done { sub(/s$/, "", $2); print $2; done = 1 }' "$log")
    if [[ -z $ups || -z $dur ]]; then
        say "could not find SUMO's 'Duration:' and 'UPS:' lines in $log"
        exit 1
    fi
    echo "$ups $dur $(elapsed "$t0" "$t1")" >>"$LOGS/sumo.txt"
    say "  SUMO: $(awk -v u="$ups" 'BEGIN { printf "%.0f", u }') vehicle updates/s over ${dur} s"
}

# ours NAME ROADNET FLOW [--lane-change]; appends "cold_ups warm_ups cold_s warm_s process_s" to $LOGS/NAME.txt
run_ours() {
    local name=$1 roadnet=$2 flow=$3 i=$4
    shift 4
    local log="$LOGS/$name-$i.log" t0 t1
    t0=$(now)
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -cp "$JAR" org.citybrain.bench.ScenarioBench --roadnet "$roadnet" --flow "$flow" \
        --threads 1 --steps "$STEPS" --runs 2 "$@" >"$log" 2>&1 \
        || { say "ScenarioBench failed, see $log"; tail -5 "$log" >&2; exit 1; }
    t1=$(now)
    # "run 1: 0.944 s stepping, 1506594 vehicle updates, 1595251 vehicle updates/s, ..."
    local cold warm
    cold=$(awk '/^run 1:/ { print $9, $3 }' "$log")
    warm=$(awk '/^run 2:/ { print $9, $3 }' "$log")
    read -r cu cs <<<"$cold"
    read -r wu ws <<<"$warm"
    echo "$cu $wu $cs $ws $(elapsed "$t0" "$t1")" >>"$LOGS/$name.txt"
    say "  CityBrain $name: $cu vehicle updates/s cold, $wu warm"
}

say "SUMO $SUMO_VERSION vs CityBrain, Hangzhou 4x4, $STEPS s, $REPEATS rounds; logs in $LOGS"
for ((i = 1; i <= REPEATS; i++)); do
    say "round $i of $REPEATS"
    run_sumo "$i"
    run_ours sumo-files "$SUMO_NET" "$SUMO_ROU" "$i" --lane-change
    run_ours cityflow-lc "$CF_ROADNET" "$CF_FLOW" "$i" --lane-change
    run_ours cityflow-nolc "$CF_ROADNET" "$CF_FLOW" "$i"
done

# --- 4. table ------------------------------------------------------------------------------------
# median of column $2 of file $1
median() { awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

SUMO_UPS=$(median "$LOGS/sumo.txt" 1)
SUMO_S=$(median "$LOGS/sumo.txt" 2)
SUMO_P=$(median "$LOGS/sumo.txt" 3)

row() { # label scenario ups stepping_seconds process_seconds
    awk -v l="$1" -v s="$2" -v u="$3" -v t="$4" -v p="$5" -v ref="$SUMO_UPS" 'BEGIN {
        printf "| %-44s | %-31s | %12.0f | %8s | %8s | %6.2f |\n", l, s, u, t, p, u / ref }'
}
quoted() { # label scenario ups
    awk -v l="$1" -v s="$2" -v u="$3" -v ref="$SUMO_UPS" 'BEGIN {
        printf "| %-44s | %-31s | %12.0f | %8s | %8s | %6.2f |\n", l, s, u, "-", "-", u / ref }'
}

echo
echo "Hangzhou 4x4, $STEPS steps of 1 s, one thread, median of $REPEATS; $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $("$JAVA" -version 2>&1 | sed -n 1p)"
echo
printf '| %-44s | %-31s | %12s | %8s | %8s | %6s |\n' "engine" "scenario" "veh. upd./s" "sim s" "proc. s" "/SUMO"
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..33})" \
    "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..8})"
row "SUMO $SUMO_VERSION (measured)" "SUMO files, its lane changing" "$SUMO_UPS" "$SUMO_S" "$SUMO_P"
for spec in "sumo-files|SUMO files, lane change on" "cityflow-lc|CityFlow files, lane change on" \
        "cityflow-nolc|CityFlow files, lane change off"; do
    name=${spec%%|*}
    scen=${spec#*|}
    f="$LOGS/$name.txt"
    row "CityBrain, cold (fresh JVM, 1st run)" "$scen" "$(median "$f" 1)" "$(median "$f" 3)" "$(median "$f" 5)"
    row "CityBrain, warm (same JVM, 2nd run)" "$scen" "$(median "$f" 2)" "$(median "$f" 4)" "-"
done
quoted "CityFlow 1.0 (quoted, not measured here)" "CityFlow files, lane change on" "$CITYFLOW_LC_ON"
quoted "CityFlow 1.0 (quoted, not measured here)" "CityFlow files, lane change off" "$CITYFLOW_LC_OFF"
echo
echo "veh. upd./s: vehicles moved per step, summed over the run, per second of stepping (SUMO: its UPS)."
echo "sim s: seconds of stepping (SUMO: its 'Duration'; CityBrain: the run alone). proc. s: the whole"
echo "process, loading and JVM start included (a CityBrain process makes both its runs). /SUMO: ratio"
echo "to SUMO's median. Raw logs: $LOGS"
