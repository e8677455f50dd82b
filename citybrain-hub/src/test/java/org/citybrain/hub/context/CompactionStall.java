package org.citybrain.hub.context;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.WalStore;

/**
 * Write latency while the embedded context log is compacted online: {@code n} entities upserted
 * in batches of 100, three times over (the third round crosses twice the live size, so the log is
 * compacted while it runs); per round the batches' p50, p99 and max. A measurement, not a test:
 * {@code java -cp <hub test and main classes and dependencies> org.citybrain.hub.context.CompactionStall 100000}
 * in a directory on the disk being measured.
 */
public final class CompactionStall {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory(Path.of("."), "stall-");
        try (WalStore readings = WalStore.open(dir.resolve("wal"));
             EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
            for (int round = 0; round < 3; round++) {
                long[] lat = new long[n / 100];
                for (int b = 0; b < n / 100; b++) {
                    List<Entity> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        URI id = URI.create("urn:ngsi-ld:Road:r" + (b * 100 + i));
                        batch.add(Entity.of(id, "Road").withAttribute("speed", Property.of(round * 1000 + i))
                                .withAttribute("name", Property.of("road number " + (b * 100 + i) + " of the city network")));
                    }
                    long t = System.nanoTime();
                    store.batch(BatchOperation.UPSERT_UPDATE, batch);
                    lat[b] = System.nanoTime() - t;
                }
                Arrays.sort(lat);
                System.out.printf("round %d: batch of 100 p50 %.1f ms p99 %.1f ms max %.1f ms%n", round,
                        lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6, lat[lat.length - 1] / 1e6);
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
