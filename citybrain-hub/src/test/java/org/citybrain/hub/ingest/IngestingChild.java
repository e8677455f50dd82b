package org.citybrain.hub.ingest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.store.WalStore;

/**
 * The process that {@link KillDuringIngestionIT} kills: four threads ingest numbered readings and
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

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        WalStore store = WalStore.open(dir.resolve("wal"));
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
