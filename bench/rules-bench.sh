#!/usr/bin/env bash
# The early-warning rules, measured:
#
#   bench/rules-bench.sh [sensors] [readings per sensor] [rounds]          # engine alone; defaults 10000 200 5
#   bench/rules-bench.sh path [threads] [payloads per thread] [readings per payload] [rounds]   # full path; defaults 64 500 10 3
#
# Compiles citybrain-govern (and the hub) if needed, then runs org.citybrain.govern.rules.RulesBench,
# which prints, per round, "one threshold" and "all kinds" side by side (same readings, fresh engine),
# or, with "path", RulesPathBench: per round ingestion alone, ingestion with the rules, and the rules
# fed by a store read per change (the way before), side by side. "path" makes its data directories in
# the repository's root, which must be on the disk being measured (a tmpfs makes fsync free).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MAIN=org.citybrain.govern.rules.RulesBench
if [[ "${1:-}" == path ]]; then
    MAIN=org.citybrain.govern.rules.RulesPathBench
    shift
fi
CP_FILE=$(mktemp)
# one reactor run: compiles the hub and govern (test-compile: govern's tests use the hub's test jar), and writes govern's classpath (the hub as target/classes) last
./mvnw -q -o -pl citybrain-govern -am test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "citybrain-govern/target/classes:$(cat "$CP_FILE")" "$MAIN" "$@"
