package org.citybrain.hub.context;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;

/**
 * PostgreSQL reads with the current readings in the same statement as the entity rows (one round
 * trip) side by side with the overlay asking the ReadingStore apart (two round trips for a
 * {@code find}, one more per entity of a page): two context stores on one database, the second
 * given the same ReadingStore behind an interface so that it cannot join. Every call runs on both,
 * one after the other, the first alternating; the first round is warm-up. A measurement, not a test.
 *
 * <pre>
 * java -cp ... org.citybrain.hub.context.PostgresFindBench [entities] [finds per round] [rounds]
 * </pre>
 * Connects with {@code CITYBRAIN_DB_URL}, {@code _USER}, {@code _PASSWORD}, in a schema
 * {@code citybrain_bench_<pid>}, dropped afterwards. Defaults: 20,000 entities (every one with two
 * current readings), 5,000 finds, 500 pages of 20 by type and 500 updates of one attribute per
 * store and round, 5 rounds; each round also lists the types and attributes once per store (an
 * update and the listings read the current readings: with the rows, or per entity apart).
 */
public final class PostgresFindBench {
    private PostgresFindBench() {
    }

    public static void main(String[] args) throws Exception {
        int entities = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int finds = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PostgresOptions base = PostgresOptions.fromEnvironment(System.getenv(), PostgresOptions.ENVIRONMENT_PREFIX)
                .orElseThrow(() -> new IllegalStateException("set CITYBRAIN_DB_URL, _USER and _PASSWORD"));
        PostgresOptions options = base.withSchema("citybrain_bench_" + ProcessHandle.current().pid());
        System.out.printf("entities=%d finds/round=%d rounds=%d schema=%s%n", entities, finds, rounds, options.schema());
        try (PostgresDatabase database = PostgresDatabase.open(options, 2);
                PostgresReadingStore readings = PostgresReadingStore.open(options);
                PostgresContextStore joined = PostgresContextStore.open(database, readings, Clock.systemUTC());
                PostgresContextStore apart = PostgresContextStore.open(database, StoreBackends.behindInterface(readings), Clock.systemUTC())) {
            load(joined, readings, entities);
            run(joined, apart, entities, finds, rounds);
        } finally {
            try (Connection c = DriverManager.getConnection(base.url(), base.user(), base.password());
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + options.schema() + " CASCADE");
            }
        }
    }

    private static void load(ContextStore store, ReadingStore readings, int entities) {
        long start = System.nanoTime();
        List<org.citybrain.hub.entity.Entity> batch = new ArrayList<>();
        List<Reading> telemetry = new ArrayList<>();
        Instant observed = Instant.now().plusSeconds(60);
        for (int i = 0; i < entities; i++) {
            batch.add(ContextBench.entity(i));
            String type = "Type" + (i % ContextBench.TYPES);
            telemetry.add(new Reading("bench", ContextBench.id(i), type, "intensity", observed,
                    "{\"type\":\"Property\",\"value\":" + i + "}"));
            telemetry.add(new Reading("bench", ContextBench.id(i), type, "occupancy", observed,
                    "{\"type\":\"Property\",\"value\":0.5}"));
            if (batch.size() == 1000) {
                store.batch(BatchOperation.UPSERT_REPLACE, batch);
                readings.append(telemetry);
                batch.clear();
                telemetry.clear();
            }
        }
        store.batch(BatchOperation.UPSERT_REPLACE, batch);
        readings.append(telemetry);
        System.out.printf("loaded %,d entities and %,d readings in %.1f s%n", entities, 2L * entities,
                (System.nanoTime() - start) / 1e9);
    }

    /** Each call made on both stores in turn, the first alternating, so that both see the same noise. */
    private static void run(ContextStore joined, ContextStore apart, int entities, int finds, int rounds) {
        int pages = Math.max(1, finds / 10);
        long[][] allFinds = {new long[0], new long[0]};
        long[][] allPages = {new long[0], new long[0]};
        long[][] allListings = {new long[0], new long[0]};
        long[][] allUpdates = {new long[0], new long[0]};
        ContextStore[] stores = {joined, apart};
        for (int round = 1; round <= rounds; round++) {
            Random random = new Random(round);
            long[][] find = new long[2][finds];
            for (int i = 0; i < finds; i++) {
                URI id = ContextBench.id(random.nextInt(entities));
                for (int turn = 0; turn < 2; turn++) {
                    int mode = (turn + i) % 2;
                    long t0 = System.nanoTime();
                    if (stores[mode].find(id).orElseThrow().attributes().size() != 4) {
                        throw new IllegalStateException("unexpected attributes on " + id);
                    }
                    find[mode][i] = System.nanoTime() - t0;
                }
            }
            long[][] page = new long[2][pages];
            for (int i = 0; i < pages; i++) {
                EntityQuery q = new EntityQuery(Set.of("Type" + random.nextInt(ContextBench.TYPES)), Set.of(),
                        Optional.empty(), Set.of(), Optional.empty(),
                        random.nextInt(Math.max(1, entities / ContextBench.TYPES - 20)), 20, false);
                for (int turn = 0; turn < 2; turn++) {
                    int mode = (turn + i) % 2;
                    long t0 = System.nanoTime();
                    stores[mode].query(q);
                    page[mode][i] = System.nanoTime() - t0;
                }
            }
            long[][] update = new long[2][pages];
            for (int i = 0; i < pages; i++) {
                int n = random.nextInt(entities);
                org.citybrain.hub.entity.Entity fragment = org.citybrain.hub.entity.Entity.of(ContextBench.id(n),
                        "Type" + (n % ContextBench.TYPES)).withAttribute("intensity", Property.of((long) i));
                for (int turn = 0; turn < 2; turn++) {
                    int mode = (turn + i) % 2;
                    long t0 = System.nanoTime();
                    if (stores[mode].update(fragment.id(), fragment).updated().size() != 1) {
                        throw new IllegalStateException("intensity not updated on " + fragment.id());
                    }
                    update[mode][i] = System.nanoTime() - t0;
                }
            }
            long[][] listing = listings(stores, round);
            System.out.printf("round %d%s: find p50 %.3f / %.3f ms, page of 20 p50 %.3f / %.3f ms,"
                            + " types()+attributes() %.1f / %.1f ms (one statement / apart)%n",
                    round, round == 1 ? " (warm-up)" : "", percentile(find[0], 0.5), percentile(find[1], 0.5),
                    percentile(page[0], 0.5), percentile(page[1], 0.5), listing[0][0] / 1e6, listing[1][0] / 1e6);
            System.out.printf("round %d: update p50 %.3f / %.3f ms (one statement / apart)%n", round,
                    percentile(update[0], 0.5), percentile(update[1], 0.5));
            if (round > 1 || rounds == 1) {
                for (int mode = 0; mode < 2; mode++) {
                    allFinds[mode] = concat(allFinds[mode], find[mode]);
                    allPages[mode] = concat(allPages[mode], page[mode]);
                    allListings[mode] = concat(allListings[mode], listing[mode]);
                    allUpdates[mode] = concat(allUpdates[mode], update[mode]);
                }
            }
        }
        System.out.printf("update of one attribute: p50 %.3f / %.3f ms, apart / one statement p50 %.2fx, mean %.2fx%n",
                percentile(allUpdates[0], 0.5), percentile(allUpdates[1], 0.5), ratio(allUpdates, 0.5),
                mean(allUpdates[1]) / mean(allUpdates[0]));
        System.out.printf("types()+attributes() over all entities: one statement mean %.1f ms, apart mean %.1f ms, apart / one statement %.2fx%n",
                mean(allListings[0]) / 1e6, mean(allListings[1]) / 1e6, mean(allListings[1]) / mean(allListings[0]));
        for (int mode = 0; mode < 2; mode++) {
            String name = mode == 0 ? "one statement" : "apart";
            ContextBench.report("find by id, " + name, allFinds[mode]);
            ContextBench.report("page of 20 by type, " + name, allPages[mode]);
        }
        System.out.printf("apart / one statement: find p50 %.2fx, p99 %.2fx, mean %.2fx; page p50 %.2fx, p99 %.2fx, mean %.2fx%n",
                ratio(allFinds, 0.5), ratio(allFinds, 0.99), mean(allFinds[1]) / mean(allFinds[0]),
                ratio(allPages, 0.5), ratio(allPages, 0.99), mean(allPages[1]) / mean(allPages[0]));
    }

    /** {@code types()} then {@code attributes()} on both stores, the first alternating by round; checks they agree. */
    private static long[][] listings(ContextStore[] stores, int round) {
        long[][] nanos = new long[2][1];
        Object[] answers = new Object[2];
        for (int turn = 0; turn < 2; turn++) {
            int mode = (turn + round) % 2;
            long t0 = System.nanoTime();
            answers[mode] = List.of(stores[mode].types(), stores[mode].attributes());
            nanos[mode][0] = System.nanoTime() - t0;
        }
        if (!answers[0].equals(answers[1])) {
            throw new IllegalStateException("the listings differ: " + answers[0] + " against " + answers[1]);
        }
        return nanos;
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static double ratio(long[][] samples, double p) {
        return percentile(samples[1], p) / percentile(samples[0], p);
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
