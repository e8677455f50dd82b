package org.citybrain.hub.temporal;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.citybrain.hub.ingest.IngestBench;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;

/**
 * Aggregation and raw reads over one long series: N readings one second apart (durable appends
 * of 10,000), then per-hour avg/min/max/sum/count over all of them (streamed), a raw read of the
 * last hour and the last 100, each timed best of 3, with the heap used during the aggregation.
 *
 * <pre>
 * java -cp ... org.citybrain.hub.temporal.TemporalBench [wal|pg] [readings]
 * </pre>
 * {@code pg} connects as {@code CITYBRAIN_DB_URL}, {@code _USER}, {@code _PASSWORD} say, in a new
 * schema dropped afterwards. docs/benchmarks.md has the figures.
 */
public final class TemporalBench {
    private static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:bench");
    private static final String TYPE = "TrafficFlowObserved";

    private TemporalBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "wal";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (which.equals("pg")) {
            PostgresOptions options = PostgresOptions.fromEnvironment(System.getenv(), PostgresOptions.ENVIRONMENT_PREFIX)
                    .orElseThrow(() -> new IllegalArgumentException("pg needs CITYBRAIN_DB_URL, _USER, _PASSWORD"))
                    .withSchema("citybrain_bench_" + ProcessHandle.current().pid());
            try (PostgresReadingStore store = PostgresReadingStore.open(options)) {
                run(store, n);
            } finally {
                IngestBench.dropSchema(options);
            }
        } else {
            Path dir = Files.createTempDirectory(Path.of("."), "temporal-bench-");
            try (WalStore store = WalStore.open(dir)) {
                run(store, n);
            } finally {
                IngestBench.delete(dir);
            }
        }
    }

    private static void run(ReadingStore store, int n) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        List<Reading> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Reading("d1", ROAD, TYPE, "intensity", start.plusSeconds(i),
                    "{\"type\":\"Property\",\"value\":" + (i % 97) + (i % 2 == 0 ? ".5" : "") + "}"));
            if (batch.size() == 10_000 || i == n - 1) {
                store.append(batch);
                batch.clear();
            }
        }
        System.out.printf("stored %,d readings in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        Instant end = start.plusSeconds(n);
        TemporalHistory history = new TemporalHistory(store, RetentionPolicy.KEEP_EVERYTHING, Clock.fixed(end, ZoneOffset.UTC));
        TemporalHistory.Subject subject = history.subject(ROAD).orElseThrow();
        var memory = ManagementFactory.getMemoryMXBean();
        for (int round = 0; round < 3; round++) {
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long a = System.nanoTime();
            List<Bucket> hours = history.aggregate(subject, "intensity", TimeRange.ALL, Optional.of(Duration.ofHours(1)), 100_000);
            double seconds = (System.nanoTime() - a) / 1e9;
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            long b = System.nanoTime();
            int lastHour = history.instances(subject, "intensity", TimeRange.between(end.minusSeconds(3600), end),
                    OptionalInt.empty(), 10_000).size();
            double hourMs = (System.nanoTime() - b) / 1e6;
            long c = System.nanoTime();
            history.instances(subject, "intensity", TimeRange.ALL, OptionalInt.of(100), 10_000);
            double lastMs = (System.nanoTime() - c) / 1e6;
            System.out.printf("round %d: aggregate %,d readings into %,d hours in %.2f s (%,.0f readings/s, heap +%,d MiB);"
                    + " raw last hour (%,d) %.1f ms; lastN=100 %.1f ms%n", round + 1, n, hours.size(), seconds, n / seconds,
                    Math.max(0, heapAfter - heapBefore) >> 20, lastHour, hourMs, lastMs);
        }
    }
}
