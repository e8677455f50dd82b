#!/usr/bin/env bash
# Open311's default search over many cases: the whole-list scan against the store's query (CasesBench),
# embedded and, with CITYBRAIN_BENCH_PG_URL (+ _USER, _PASSWORD), PostgreSQL.
#
#   bench/cases-bench.sh [cases] [rounds]     # defaults 100000 5
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CP_FILE=$(mktemp)
./mvnw -q -o -pl citybrain-govern -am test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "citybrain-govern/target/classes:$(cat "$CP_FILE")" \
    org.citybrain.govern.cases.CasesBench "$@"
