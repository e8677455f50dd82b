package org.citybrain.hub.context;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.WalStore;

/**
 * The process that {@link KillDuringEntityWritesIT} kills: four threads, each creating numbered
 * entities (attributes {@code n} and {@code twice} = 2n) and appending its own attribute of one
 * shared entity; each prints {@code c <thread> <n>} or {@code a <thread> <n>} once the call has
 * returned (acknowledged). Bounded in count and time in case nobody kills it. Arguments: the
 * data directory, and optionally the log size from which the context log is compacted.
 */
public final class EntityWritingChild {
    static final URI SHARED = URI.create("urn:ngsi-ld:Counter:shared");
    static final int THREADS = 4;
    private static final int MAX_PER_THREAD = 50_000;
    private static final long MAX_MILLIS = 60_000;

    private EntityWritingChild() {
    }

    static URI created(int thread, int n) {
        return URI.create("urn:ngsi-ld:Counter:t" + thread + "-" + n);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        // a second argument: the log size from which it is compacted (also while the writes run)
        long compactMinBytes = args.length > 1 ? Long.parseLong(args[1]) : EmbeddedContextStore.COMPACT_MIN_BYTES;
        WalStore readings = WalStore.open(dir.resolve("wal"));
        EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC(), compactMinBytes);
        store.create(Entity.of(SHARED, "Counter"));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        long end = System.currentTimeMillis() + MAX_MILLIS;
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int n = 0; n < MAX_PER_THREAD && System.currentTimeMillis() < end; n++) {
                    store.create(Entity.of(created(thread, n), "Counter")
                            .withAttribute("n", Property.of(n)).withAttribute("twice", Property.of(2L * n)));
                    out.println("c " + thread + " " + n);
                    store.append(SHARED, Entity.of(SHARED, "Counter").withAttribute("lane" + thread, Property.of(n)), false);
                    out.println("a " + thread + " " + n);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        store.close();
        readings.close();
    }
}
