package org.citybrain.server.bench;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * For a sustained benchmark: every {@code period} seconds, a full GC and then the heap in use
 * (the live set, close enough) printed with the readings acknowledged so far, so that a flat heap
 * or a growing one shows over minutes. A daemon thread; stops with {@link #close}.
 */
public final class HeapSampler implements AutoCloseable {
    private final Thread thread;

    public HeapSampler(int periodSeconds, LongSupplier acknowledged) {
        this(periodSeconds, acknowledged, true);
    }

    /** With {@code heap} false only the rate: for a load generator whose server is another process. */
    public HeapSampler(int periodSeconds, LongSupplier acknowledged, boolean heap) {
        long start = System.nanoTime();
        thread = new Thread(() -> {
            long previous = 0;
            long previousAt = start;
            try {
                while (true) {
                    Thread.sleep(periodSeconds * 1000L);
                    long now = System.nanoTime();
                    long readings = acknowledged.getAsLong();
                    String after = heap ? String.format("heap after full GC %,5d MiB, ", heapAfterGc() >> 20) : "";
                    System.out.printf("  %4d s: %s%,d readings acknowledged, %,.0f readings/s over the last %d s%n",
                            (now - start) / 1_000_000_000L, after, readings, (readings - previous) / ((now - previousAt) / 1e9),
                            periodSeconds);
                    previous = readings;
                    previousAt = now;
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The heap in use right after a full GC, in bytes. */
    public static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
