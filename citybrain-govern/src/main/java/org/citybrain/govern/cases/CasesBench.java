package org.citybrain.govern.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.citybrain.govern.store.pg.PostgresCaseStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;

/**
 * Open311's default search (open requests of one service reported in the last 90 days, newest
 * first, at most 1,000) over many cases, side by side: the whole-list scan the server did before
 * ({@link Cases#list} then the newest 1,000) and the store's query ({@link Cases#query}), on the
 * embedded store and, with {@code CITYBRAIN_BENCH_PG_URL} (+ {@code _USER}, {@code _PASSWORD}), on
 * PostgreSQL in a schema of its own, dropped at the end. Run by {@code bench/cases-bench.sh}.
 *
 * <p>Arguments: cases (default 100,000), rounds (default 5). The cases are imported history spread
 * over 365 days, 11 categories, random statuses; seed 0.
 */
public final class CasesBench {
    private static final List<String> CATEGORIES = List.of("gas-leak", "road-collapse", "water-outage", "power-outage",
            "streetlight", "pothole", "noise", "illegal-parking", "waste", "illegal-construction", "airPollution");
    private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");

    private CasesBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (Cases embedded = Cases.in(EmbeddedCaseStore.inMemory(), GovernanceConfig.defaults(), java.time.Clock.systemUTC())) {
            fill(embedded, n);
            run("embedded", embedded, rounds);
        }
        Optional<PostgresOptions> pg = PostgresOptions.fromEnvironment(System.getenv(), "CITYBRAIN_BENCH_PG");
        if (pg.isEmpty()) {
            System.out.println("PostgreSQL: set CITYBRAIN_BENCH_PG_URL, _USER, _PASSWORD to measure it too");
            return;
        }
        PostgresOptions options = pg.get().withSchema("citybrain_cases_bench");
        try (PostgresDatabase database = PostgresDatabase.open(options, 4)) {
            try {
                Cases cases = Cases.in(new PostgresCaseStore(database), GovernanceConfig.defaults(), java.time.Clock.systemUTC());
                fill(cases, n);
                database.read("analyze", c -> c.createStatement().execute("ANALYZE citybrain_govern_case"));
                run("postgresql", cases, rounds);
            } finally {
                database.read("drop", c -> c.createStatement().execute("DROP SCHEMA citybrain_cases_bench CASCADE"));
            }
        }
    }

    private static void fill(Cases cases, int n) {
        Random random = new Random(0);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Instant reported = NOW.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            CaseStatus status = CaseStatus.values()[random.nextInt(CaseStatus.values().length)];
            Optional<Instant> closed = status == CaseStatus.CLOSED ? Optional.of(reported.plus(Duration.ofHours(1 + random.nextInt(
                    400)))) : Optional.empty();
            cases.importCase(new Case("x", CaseSource.IMPORT, Optional.empty(), CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                    "case " + i, Optional.empty(), Optional.empty(), Optional.of("dept-" + random.nextInt(8)), status, "bench",
                    reported, Optional.of(reported.plus(Duration.ofDays(7))), 1, closed.orElse(reported), closed,
                    Optional.empty(), Optional.empty()), "bench");
        }
        System.out.printf("imported %,d cases in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }

    private static void run(String name, Cases cases, int rounds) {
        Instant from = NOW.minus(Duration.ofDays(90));
        Set<CaseStatus> open = Set.of(CaseStatus.REPORTED, CaseStatus.REGISTERED, CaseStatus.DISPATCHED, CaseStatus.ACCEPTED,
                CaseStatus.IN_PROGRESS, CaseStatus.HANDLED, CaseStatus.VERIFIED);
        CaseQuery query = CaseQuery.newest(1000).withCategories(Set.of("pothole")).withStatuses(open)
                .reported(Optional.of(from), Optional.of(NOW));
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            List<Case> found = cases.list(c -> query.matches(c));
            List<Case> scanned = new ArrayList<>();
            for (int i = found.size() - 1; i >= 0 && scanned.size() < 1000; i--) {
                scanned.add(found.get(i));
            }
            long t1 = System.nanoTime();
            List<Case> queried = cases.query(query).cases();
            long t2 = System.nanoTime();
            if (scanned.size() != queried.size()) {
                throw new IllegalStateException("the two ways disagree: " + scanned.size() + " vs " + queried.size());
            }
            double scan = (t1 - t0) / 1e6;
            double store = (t2 - t1) / 1e6;
            System.out.printf("%s round %d: %d requests; whole-list scan %.1f ms, store query %.1f ms, ratio %.1fx%n", name, round,
                    queried.size(), scan, store, scan / store);
        }
    }
}
