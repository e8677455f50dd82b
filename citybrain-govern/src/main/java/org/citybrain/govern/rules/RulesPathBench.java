package org.citybrain.govern.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestBench;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;

/**
 * The full path, reading durable to rule evaluated, side by side with ingestion alone, in one JVM:
 * T threads, each a device sending P payloads of R PM2.5 readings a minute apart (a random walk)
 * through {@link Ingestor#accept} (durable, write-ahead log in a fresh directory), with
 * <ul>
 *   <li>{@code ingest}: no rules (the change feed has no listener);</li>
 *   <li>{@code rules}: {@link HubRuleFeed} on the change feed, evaluating the readings each change
 *       carries, with the five rules of {@link RulesBench} (all four kinds);</li>
 *   <li>{@code rules-store-read}: the same engine fed the way it was before: one store read of the
 *       series per change (for comparison).</li>
 * </ul>
 * Prints per variant the acknowledged readings per second and ack latency (what a device sees),
 * and the full-path readings per second (first send to the last reading evaluated), the
 * evaluation lag (durable to evaluated) at the end, and the changes the feed dropped. A measurement,
 * not a test.
 *
 * <pre>
 * bench/rules-bench.sh path [threads] [payloads per thread] [readings per payload] [rounds]   # defaults 64 500 10 3
 * </pre>
 * The data directories are created in the working directory (it must be on the disk being
 * measured: a tmpfs makes fsync free) and deleted afterwards.
 */
public final class RulesPathBench {
    private RulesPathBench() {
    }

    enum Variant {
        INGEST("ingest"),
        RULES("rules"),
        STORE_READ("rules-store-read");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int payloads = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int perPayload = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("threads=%d payloads/thread=%d readings/payload=%d, %d rounds, five rules%n", threads, payloads,
                perPayload, rounds);
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : Variant.values()) {
                Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir")), "rules-path-bench-");
                try {
                    run(round, v, dir, threads, payloads, perPayload);
                } finally {
                    IngestBench.delete(dir);
                }
            }
        }
    }

    private static void run(int round, Variant variant, Path dir, int threads, int payloads, int perPayload)
            throws Exception {
        long total = (long) threads * payloads * perPayload;
        try (WalStore store = WalStore.open(dir.resolve("wal")); ChangeFeed feed = new ChangeFeed()) {
            DeviceRegistry devices = DeviceRegistry.inMemory();
            String[] tokens = new String[threads];
            for (int t = 0; t < threads; t++) {
                tokens[t] = devices.register(Device.of("aq-" + t, "urn:ngsi-ld:AirQualityObserved:aq-" + t,
                        "AirQualityObserved")).token();
            }
            Ingestor ingestor = new Ingestor(devices, store, IngestOptions.DEFAULTS, Clock.systemUTC(),
                    Optional.of(Contexts.shipped()), feed);
            long[] alerts = new long[1];
            RuleEngine engine = new RuleEngine(RulesBench.allKinds(), (c, a) -> alerts[0]++);
            HubRuleFeed rules = new HubRuleFeed(ingestor, engine, Instant.EPOCH, feed::overflowed);
            if (variant == Variant.RULES) {
                feed.addListener(rules);
            } else if (variant == Variant.STORE_READ) {
                feed.addListener(storeReadPerChange(ingestor, engine));
            }
            long[][] latencies = new long[threads][payloads];
            long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            Thread[] workers = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = new Thread(() -> {
                    double level = 40;
                    java.util.SplittableRandom random = new java.util.SplittableRandom(id);
                    StringBuilder json = new StringBuilder();
                    for (int i = 0; i < payloads; i++) {
                        json.setLength(0);
                        json.append('[');
                        for (int k = 0; k < perPayload; k++) {
                            level = Math.max(0, level + random.nextGaussian() * 8 + (level < 40 ? 2 : -1));
                            long ts = base + ((long) i * perPayload + k) * 60_000L;
                            json.append(k == 0 ? "" : ",").append("{\"ts\":").append(ts).append(",\"values\":{\"pm25\":")
                                    .append(Math.round(level * 10) / 10.0).append("}}");
                        }
                        json.append(']');
                        long t0 = System.nanoTime();
                        ingestor.accept("aq-" + id, tokens[id], json.toString());
                        latencies[id][i] = System.nanoTime() - t0;
                    }
                });
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            long acked = System.nanoTime();
            if (variant != Variant.INGEST) {
                // all evaluated; or, if the feed dropped changes, until it has delivered what it kept
                while (engine.readings() < total && (feed.overflowed() == 0 || feed.depth() > 0)) {
                    Thread.sleep(1);
                }
            }
            long evaluated = System.nanoTime();
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("round %d  %-17s acked %,9.0f readings/s (p50 %5.2f ms, p99 %6.2f ms)", round, variant.label,
                    total / ((acked - start) / 1e9), all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
            if (variant != Variant.INGEST) {
                System.out.printf("  full path %,9.0f readings/s, evaluated %,d, lag at end %6.1f ms, dropped %d, "
                        + "store reads %,d, alert events %,d", total / ((evaluated - start) / 1e9), engine.readings(),
                        (evaluated - acked) / 1e6, feed.overflowed(),
                        variant == Variant.RULES ? rules.storeReads() : (long) threads * payloads, alerts[0]);
            }
            System.out.println();
        }
    }

    /** The feed as it was: every change reads the series' readings since the last one evaluated from the store. */
    private static Consumer<EntityChange> storeReadPerChange(Ingestor ingestor, RuleEngine engine) {
        java.util.Map<String, Instant> evaluated = new java.util.HashMap<>();
        Instant far = Instant.parse("9999-01-01T00:00:00Z");
        return change -> {
            for (String attribute : change.attributes()) {
                String name = HubRuleFeed.termOf(attribute);
                if (!engine.watches(name)) {
                    continue;
                }
                String key = change.id() + " " + attribute;
                Instant from = evaluated.getOrDefault(key, Instant.EPOCH);
                Instant last = from;
                for (Reading r : ingestor.history(change.id(), attribute, from, far)) {
                    if (r.observedAt().equals(from) && evaluated.containsKey(key)) {
                        continue;
                    }
                    engine.accept(change.id(), HubRuleFeed.termOf(change.type()), name, r.observedAt(),
                            HubRuleFeed.numericValue(r.value()));
                    last = r.observedAt();
                }
                evaluated.put(key, last);
            }
        };
    }
}
