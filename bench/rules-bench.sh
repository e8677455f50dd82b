#!/usr/bin/env bash
# Readings per second through the early-warning rules engine alone (RulesBench), one thread.
#
#   bench/rules-bench.sh [sensors] [readings per sensor] [rounds]     # defaults 10000 200 5
#
# Compiles citybrain-govern (and the hub) if needed, then runs org.citybrain.govern.rules.RulesBench,
# which prints, per round, "one threshold" and "all kinds" side by side (same readings, fresh engine).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CP_FILE=$(mktemp)
# one reactor run: compiles the hub and govern (test-compile: govern's tests use the hub's test jar), and writes govern's classpath last
./mvnw -q -o -pl citybrain-govern -am test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "citybrain-govern/target/classes:$(cat "$CP_FILE")" \
    org.citybrain.govern.rules.RulesBench "$@"
