package org.citybrain.hub.context;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;

/**
 * The context stores' figures (embedded, PostgreSQL, or both one after the other in one JVM), on
 * a fresh directory or schema: durable creates per second with N
 * threads; then, with {@code entities} loaded by batch upsert, retrieval by id and a page of a
 * query by type (latency p50/p99, one thread, telemetry on a tenth of the entities) and the time
 * to reopen (replay). A measurement, not a test.
 *
 * <pre>
 * java -cp ... org.citybrain.hub.context.ContextBench [embedded|pg|both] [threads] [creates per thread] [entities] [data dir]
 * </pre>
 * {@code pg} connects with {@code CITYBRAIN_DB_URL}, {@code _USER}, {@code _PASSWORD} and works in a
 * schema {@code citybrain_bench_<pid>}, dropped afterwards.
 * Defaults: 16 threads, 200 creates, 100,000 entities, a temporary directory in the working
 * directory, deleted afterwards (it must be on the disk being measured: a tmpfs makes fsync free).
 */
public final class ContextBench {
    static final int TYPES = 10;

    private ContextBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !args[0].matches("\\d+") ? args[0] : "embedded";
        if (!Set.of("embedded", "pg", "both").contains(mode)) {
            throw new IllegalArgumentException("the mode is embedded, pg or both: " + mode);
        }
        String[] rest = mode.equals(args.length > 0 ? args[0] : "") ? Arrays.copyOfRange(args, 1, args.length) : args;
        int threads = rest.length > 0 ? Integer.parseInt(rest[0]) : 16;
        int creates = rest.length > 1 ? Integer.parseInt(rest[1]) : 200;
        int entities = rest.length > 2 ? Integer.parseInt(rest[2]) : 100_000;
        if (!mode.equals("pg")) {
            embedded(threads, creates, entities, rest.length > 3 ? Optional.of(Path.of(rest[3])) : Optional.empty());
        }
        if (!mode.equals("embedded")) {
            postgres(threads, creates, entities);
        }
    }

    private static void embedded(int threads, int creates, int entities, Optional<Path> given) throws Exception {
        Path dir = given.isPresent() ? given.get()
                : Files.createTempDirectory(Path.of(System.getProperty("user.dir")), "context-bench-");
        System.out.printf("embedded: threads=%d creates/thread=%d entities=%d dir=%s%n", threads, creates, entities, dir);
        try {
            try (WalStore readings = WalStore.open(dir.resolve("wal"));
                    EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                measure(store, readings, threads, creates, entities);
            }
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            try (WalStore readings = WalStore.open(dir.resolve("wal"))) {
                long t1 = System.nanoTime();
                long c1 = cpu.getCurrentThreadCpuTime();
                try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                    System.out.printf("reopen: readings %.2f s (%.2f s CPU), context %.2f s (%.2f s CPU)%n",
                            (t1 - t0) / 1e9, (c1 - c0) / 1e9, (System.nanoTime() - t1) / 1e9,
                            (cpu.getCurrentThreadCpuTime() - c1) / 1e9);
                }
            }
        } finally {
            if (given.isEmpty()) {
                delete(dir);
            }
        }
    }

    /** Both stores in a fresh schema of {@code CITYBRAIN_DB_URL}'s database, dropped afterwards. */
    private static void postgres(int threads, int creates, int entities) throws Exception {
        PostgresOptions base = PostgresOptions.fromEnvironment(System.getenv(), PostgresOptions.ENVIRONMENT_PREFIX)
                .orElseThrow(() -> new IllegalStateException("set CITYBRAIN_DB_URL, _USER and _PASSWORD for pg"));
        PostgresOptions options = base.withSchema("citybrain_bench_" + ProcessHandle.current().pid());
        System.out.printf("postgresql: threads=%d creates/thread=%d entities=%d schema=%s%n", threads, creates, entities,
                options.schema());
        try (PostgresDatabase database = PostgresDatabase.open(options, threads);
                PostgresReadingStore readings = PostgresReadingStore.open(options);
                PostgresContextStore store = PostgresContextStore.open(database, readings, Clock.systemUTC())) {
            measure(store, readings, threads, creates, entities);
        } finally {
            try (Connection c = DriverManager.getConnection(base.url(), base.user(), base.password());
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + options.schema() + " CASCADE");
            }
        }
    }

    private static void measure(ContextStore store, ReadingStore readings, int threads, int creates, int entities)
            throws InterruptedException {
        createRate(store, threads, creates);
        load(store, readings, entities);
        long[] find = new long[Math.min(20_000, entities)];
        Random random = new Random(1);
        for (int i = 0; i < find.length; i++) {
            URI id = id(random.nextInt(entities));
            long t0 = System.nanoTime();
            store.find(id).orElseThrow();
            find[i] = System.nanoTime() - t0;
        }
        report("find by id", find);
        long[] page = new long[2_000];
        for (int i = 0; i < page.length; i++) {
            int offset = random.nextInt(entities / TYPES - 20);
            EntityQuery q = new EntityQuery(Set.of("Type" + random.nextInt(TYPES)), Set.of(), Optional.empty(),
                    Set.of(), Optional.empty(), offset, 20, true);
            long t0 = System.nanoTime();
            store.query(q);
            page[i] = System.nanoTime() - t0;
        }
        report("query by type, 20 at a random offset, with count", page);
    }

    static URI id(int i) {
        return URI.create("urn:ngsi-ld:Type" + (i % TYPES) + ":e" + i);
    }

    static Entity entity(int i) {
        return Entity.of(id(i), "Type" + (i % TYPES))
                .withAttribute("intensity", Property.of(i % 97).withUnitCode("H"))
                .withAttribute("occupancy", Property.of(0.25))
                .withAttribute("name", Property.of("road segment " + i))
                .withAttribute("refRoad", Relationship.to("urn:ngsi-ld:Road:" + (i / 100)));
    }

    private static void createRate(ContextStore store, int threads, int creates) throws InterruptedException {
        long[][] latencies = new long[threads][creates];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < creates; i++) {
                    Entity own = new Entity(URI.create("urn:ngsi-ld:Bench:t" + thread + "-" + i), "Bench",
                            entity(i).attributes(), JsonLdContext.EMPTY, Optional.empty(), Optional.empty());
                    long t0 = System.nanoTime();
                    store.create(own);
                    latencies[thread][i] = System.nanoTime() - t0;
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("creates: %,d in %.2f s: %,.0f creates/s durable (with history)%n",
                threads * creates, seconds, threads * creates / seconds);
        report("create", Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray());
    }

    private static void load(ContextStore store, ReadingStore readings, int entities) {
        long start = System.nanoTime();
        List<Entity> batch = new ArrayList<>();
        List<Reading> telemetry = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < entities; i++) {
            batch.add(entity(i));
            if (i % 10 == 0) {
                telemetry.add(new Reading("bench", id(i), "Type" + (i % TYPES), "intensity",
                        Instant.ofEpochMilli(now + 60_000), "{\"type\":\"Property\",\"value\":" + i + "}"));
            }
            if (batch.size() == 1000) {
                store.batch(BatchOperation.UPSERT_REPLACE, batch);
                batch.clear();
            }
        }
        store.batch(BatchOperation.UPSERT_REPLACE, batch);
        readings.append(telemetry);
        System.out.printf("loaded %,d entities in %.2f s by batch upsert of 1,000; heap used %,d MiB%n", entities,
                (System.nanoTime() - start) / 1e9, usedHeapMiB());
    }

    private static long usedHeapMiB() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%,d samples)%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
