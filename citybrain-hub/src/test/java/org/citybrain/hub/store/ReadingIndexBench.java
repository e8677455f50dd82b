package org.citybrain.hub.store;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What the overlay pays per retrieval to see an entity's current values in the embedded index:
 * {@link ReadingIndex#current} (a view, visited with {@code forEach}) side by side with the copy it
 * made before (a {@code LinkedHashMap} filled from the series, then visited), on the same index,
 * alternating which goes first; nanoseconds and bytes allocated per call. A measurement, not a test.
 *
 * <pre>
 * java -cp ... org.citybrain.hub.store.ReadingIndexBench [entities] [attributes] [calls per round] [rounds]
 * </pre>
 * Defaults: 100,000 entities of 4 attributes, 2,000,000 calls per round, 6 rounds (the first warm-up).
 */
public final class ReadingIndexBench {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long sink;

    private ReadingIndexBench() {
    }

    public static void main(String[] args) {
        int entities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int attributes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        ReadingIndex index = new ReadingIndex();
        URI[] ids = new URI[entities];
        Instant t = Instant.parse("2025-05-01T08:00:00Z");
        for (int i = 0; i < entities; i++) {
            ids[i] = URI.create("urn:ngsi-ld:TrafficFlowObserved:e" + i);
            for (int a = 0; a < attributes; a++) {
                Reading r = new Reading("d", ids[i], "TrafficFlowObserved", "a" + a, t, "{\"type\":\"Property\",\"value\":1}");
                index.offer(index.series(r), r, 1);
            }
        }
        System.out.printf("entities=%d attributes=%d calls/round=%d%n", entities, attributes, calls);
        double[][] totals = new double[2][2];
        for (int round = 1; round <= rounds; round++) {
            int[] order = round % 2 == 1 ? new int[] {0, 1} : new int[] {1, 0};
            double[][] measured = new double[2][];
            for (int mode : order) {
                measured[mode] = measure(index, ids, calls, mode == 0, new Random(round));
            }
            System.out.printf("round %d%s: view %.1f ns, %.0f B; copy %.1f ns, %.0f B per call%n", round,
                    round == 1 ? " (warm-up)" : "", measured[0][0], measured[0][1], measured[1][0], measured[1][1]);
            if (round > 1) {
                for (int mode = 0; mode < 2; mode++) {
                    totals[mode][0] += measured[mode][0] / (rounds - 1);
                    totals[mode][1] += measured[mode][1] / (rounds - 1);
                }
            }
        }
        System.out.printf("mean of rounds 2..%d: view %.1f ns, %.0f B; copy %.1f ns, %.0f B; copy / view %.2fx time%n",
                rounds, totals[0][0], totals[0][1], totals[1][0], totals[1][1], totals[1][0] / totals[0][0]);
        System.out.println(sink == 42 ? "" : ""); // keeps the visits from being optimized away
    }

    /** {nanoseconds, bytes} per call. */
    private static double[] measure(ReadingIndex index, URI[] ids, int calls, boolean view, Random random) {
        long bytes0 = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        long t0 = System.nanoTime();
        long visited = 0;
        for (int i = 0; i < calls; i++) {
            URI id = ids[random.nextInt(ids.length)];
            Map<String, Reading> current = view ? index.current(id) : copy(index, id);
            long[] n = {0};
            current.forEach((name, r) -> n[0] += name.length());
            visited += n[0];
        }
        long nanos = System.nanoTime() - t0;
        long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes0;
        sink += visited;
        return new double[] {(double) nanos / calls, (double) bytes / calls};
    }

    /**
     * What {@code current} did before: a fresh map filled from the entity's series, the same
     * iteration as the view's {@code forEach} (plus the view object, a few bytes, on top).
     */
    private static Map<String, Reading> copy(ReadingIndex index, URI id) {
        Map<String, Reading> result = new LinkedHashMap<>();
        index.current(id).forEach(result::put);
        return result;
    }
}
