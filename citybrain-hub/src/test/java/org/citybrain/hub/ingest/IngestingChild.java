package org.citybrain.hub.ingest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;

/**
 * The process that {@link KillDuringIngestionIT} and {@link PostgresKillDuringIngestionIT} kill: four threads ingest numbered readings and
 * print each number once {@link Ingestor#accept} has returned (acknowledged). Bounded in count and
 * time in case nobody kills it.
 */
public final class IngestingChild {
    static final String ENTITY = "urn:ngsi-ld:Device:counter";
    private static final int MAX_READINGS = 200_000;
    private static final long MAX_MILLIS = 60_000;

    private IngestingChild() {
    }

    static Instant observedAt(int index) {
        return Instant.ofEpochMilli(1_700_000_000_000L + index);
    }

    /** {@code wal <directory>}, or {@code pg} with the connection in {@code CITYBRAIN_DB_*}. */
    public static void main(String[] args) throws Exception {
        ReadingStore store = switch (args[0]) {
            case "wal" -> WalStore.open(Path.of(args[1]));
            case "pg" -> PostgresReadingStore.open(PostgresOptions.fromEnvironment(System.getenv(),
                    PostgresOptions.ENVIRONMENT_PREFIX).orElseThrow(() -> new IllegalArgumentException("no CITYBRAIN_DB_URL")));
            default -> throw new IllegalArgumentException("store: wal or pg, not " + args[0]);
        };
        DeviceRegistry devices = DeviceRegistry.inMemory();
        String token = devices.register(Device.of("counter-1", ENTITY, "Device")).token();
        Ingestor ingestor = new Ingestor(devices, store);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        AtomicInteger next = new AtomicInteger();
        long end = System.currentTimeMillis() + MAX_MILLIS;
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < MAX_READINGS && System.currentTimeMillis() < end) {
                    ingestor.accept("counter-1", token,
                            "{\"ts\": " + observedAt(i).toEpochMilli() + ", \"values\": {\"counter\": " + i + "}}");
                    out.println(i);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        store.close();
    }
}
