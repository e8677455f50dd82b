package org.citybrain.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the Java heap while a command runs and keeps two maxima:
 * <ul>
 * <li><b>peak used heap</b>: the most heap in use at any observation (live objects plus garbage not
 * yet collected), seen just before every garbage collection (GC notifications, all heap pools
 * summed) and at every {@link #sample()}. This is what the process actually had to hold; it grows
 * with {@code -Xmx} because a larger heap lets garbage pile up longer before a collection.</li>
 * <li><b>peak heap after GC</b>: the most heap still in use right after a collection, close to the
 * largest live set; empty when no collection ran.</li>
 * </ul>
 * Off-heap memory (thread stacks, metaspace, direct buffers) is not counted.
 */
final class HeapPeak implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong(-1);
    private final List<Runnable> unsubscribe = new ArrayList<>();

    private HeapPeak() {
    }

    /** Starts watching now. */
    static HeapPeak start() {
        HeapPeak h = new HeapPeak();
        h.subscribe();
        h.sample();
        return h;
    }

    /** Records the heap in use right now; cheap enough for a progress tick, not for every step. */
    void sample() {
        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peakUsedBytes() {
        sample();
        return peakUsed.get();
    }

    OptionalLong peakAfterGcBytes() {
        long v = peakAfterGc.get();
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
    }

    private void subscribe() {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        try {
            NotificationListener listener = (notification, handback) -> onGc(notification, heapPools);
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    unsubscribe.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (ListenerNotFoundException ignored) {
                            // already gone: nothing to undo
                        }
                    });
                }
            }
        } catch (LinkageError noJdkManagement) {
            // a runtime without the jdk.management module: samples alone then
        }
    }

    private void onGc(Notification n, Set<String> heapPools) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        peakUsed.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
        peakAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc(), heapPools), Math::max);
    }

    private static long heapUsed(Map<String, MemoryUsage> byPool, Set<String> heapPools) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : byPool.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }
}
