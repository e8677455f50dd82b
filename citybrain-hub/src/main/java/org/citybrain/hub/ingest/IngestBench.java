package org.citybrain.hub.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalOptions;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;

/**
 * Durable ingestion throughput: N threads, each a device sending M payloads through
 * {@link Ingestor#accept} into a fresh store, each call returning only once durable. Prints
 * acknowledged readings per second and the p50/p99 of the acknowledgement latency (one
 * {@code accept} call). A measurement, not a test.
 *
 * <pre>
 * java -cp ... org.citybrain.hub.ingest.IngestBench [wal|pg|both] [threads] [payloads per thread]
 *      [readings per payload] [batch delay in microseconds] [data dir]
 * </pre>
 * Defaults: {@code wal}, 64 threads, 2,000 payloads, 1 reading, 0 µs (the log's default), a
 * temporary directory deleted afterwards. The data directory must be on the disk being measured:
 * a tmpfs makes fsync free. {@code pg} stores into PostgreSQL, connecting as {@code CITYBRAIN_DB_URL},
 * {@code _USER} and {@code _PASSWORD} say (as the server does), in a new schema dropped afterwards;
 * the batch delay is the log's only. {@code both} runs the same workload on the log, then on
 * PostgreSQL, in one JVM.
 */
public final class IngestBench {
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String stores = !rest.isEmpty() && rest.get(0).matches("wal|pg|both") ? rest.remove(0) : "wal";
        int threads = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 64;
        int payloads = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 2_000;
        int perPayload = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 1;
        long delayMicros = rest.size() > 3 ? Long.parseLong(rest.get(3)) : 0;
        boolean temporary = rest.size() <= 4;
        Path dir = temporary ? Files.createTempDirectory(Path.of(System.getProperty("user.dir")), "ingest-bench-")
                : Path.of(rest.get(4));
        System.out.printf("threads=%d payloads/thread=%d readings/payload=%d batchDelay=%dus%n",
                threads, payloads, perPayload, delayMicros);
        try {
            if (!stores.equals("pg")) {
                WalOptions walOptions = WalOptions.DEFAULTS.withMaxBatchDelay(Duration.ofNanos(delayMicros * 1_000));
                System.out.println("store: write-ahead log in " + dir.resolve("wal"));
                try (WalStore store = WalStore.open(dir.resolve("wal"), walOptions)) {
                    run(store, threads, payloads, perPayload);
                }
            }
            if (!stores.equals("wal")) {
                PostgresOptions options = PostgresOptions.fromEnvironment(System.getenv(), PostgresOptions.ENVIRONMENT_PREFIX)
                        .orElseThrow(() -> new IllegalArgumentException("pg needs CITYBRAIN_DB_URL, _USER, _PASSWORD"))
                        .withSchema("citybrain_bench_" + ProcessHandle.current().pid());
                System.out.println("store: PostgreSQL " + options.url() + ", schema " + options.schema());
                try (PostgresReadingStore store = PostgresReadingStore.open(options)) {
                    run(store, threads, payloads, perPayload);
                } finally {
                    dropSchema(options);
                }
            }
        } finally {
            if (temporary) {
                delete(dir);
            }
        }
    }

    private static void run(ReadingStore store, int threads, int payloads, int perPayload) throws InterruptedException {
        DeviceRegistry devices = DeviceRegistry.inMemory();
        String[] tokens = new String[threads];
        for (int t = 0; t < threads; t++) {
            tokens[t] = devices.register(Device.of("bench-" + t, "urn:ngsi-ld:TrafficFlowObserved:bench-" + t,
                    "TrafficFlowObserved")).token();
        }
        Ingestor ingestor = new Ingestor(devices, store);
        long[][] latencies = new long[threads][payloads];
        long base = System.currentTimeMillis() - 3_600_000L;
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                StringBuilder json = new StringBuilder();
                for (int i = 0; i < payloads; i++) {
                    json.setLength(0);
                    json.append('[');
                    for (int k = 0; k < perPayload; k++) {
                        long ts = base + (long) i * perPayload + k;
                        json.append(k == 0 ? "" : ",").append("{\"ts\":").append(ts)
                                .append(",\"values\":{\"intensity\":").append(i % 97).append("}}");
                    }
                    json.append(']');
                    long t0 = System.nanoTime();
                    ingestor.accept("bench-" + id, tokens[id], json.toString());
                    latencies[id][i] = System.nanoTime() - t0;
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long readings = (long) threads * payloads * perPayload;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("acknowledged %,d readings in %.2f s: %,.0f readings/s durable (%,.0f payloads/s)%n",
                readings, seconds, readings / seconds, threads * (double) payloads / seconds);
        System.out.printf("ack latency per payload: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
    }

    /** Drops a benchmark schema and everything in it. */
    public static void dropSchema(PostgresOptions options) throws SQLException {
        try (Connection connection = DriverManager.getConnection(options.url(), options.user(), options.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + options.schema() + " CASCADE");
        }
    }

    /** Deletes a benchmark directory and everything in it. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
