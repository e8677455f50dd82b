package org.citybrain.hub.store;

import java.util.Arrays;

/**
 * A run's index entries, one per reading: observation time and the offset of the reading's
 * record in its segment. Structure of arrays; {@code size} entries are valid. Sorted (by time,
 * then offset, which is the order stored) unless built in store order by {@link ActiveSegment}.
 */
final class Entries {
    /** Bytes of one entry in an index file: seconds int64, nanos int32, offset int64. */
    static final int BYTES = 20;

    long[] seconds;
    int[] nanos;
    long[] offsets;
    int size;

    Entries(int capacity) {
        seconds = new long[capacity];
        nanos = new int[capacity];
        offsets = new long[capacity];
    }

    void add(long second, int nano, long offset) {
        if (size == seconds.length) {
            int grown = Math.max(4, size * 2);
            seconds = Arrays.copyOf(seconds, grown);
            nanos = Arrays.copyOf(nanos, grown);
            offsets = Arrays.copyOf(offsets, grown);
        }
        seconds[size] = second;
        nanos[size] = nano;
        offsets[size] = offset;
        size++;
    }

    static int compare(long s1, int n1, long s2, int n2) {
        int c = Long.compare(s1, s2);
        return c != 0 ? c : Integer.compare(n1, n2);
    }

    /** The first index whose time is not before {@code (second, nano)}; entries must be sorted. */
    int lowerBound(long second, int nano) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(seconds[mid], nanos[mid], second, nano) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A sorted copy of the first {@code count} entries (stable: equal times keep store order). */
    Entries sortedCopy(int count) {
        Entries out = new Entries(Math.max(count, 1));
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = compare(seconds[i - 1], nanos[i - 1], seconds[i], nanos[i]) <= 0;
        }
        if (sorted) {
            System.arraycopy(seconds, 0, out.seconds, 0, count);
            System.arraycopy(nanos, 0, out.nanos, 0, count);
            System.arraycopy(offsets, 0, out.offsets, 0, count);
        } else {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compare(seconds[a], nanos[a], seconds[b], nanos[b])); // stable
            for (int i = 0; i < count; i++) {
                out.seconds[i] = seconds[order[i]];
                out.nanos[i] = nanos[order[i]];
                out.offsets[i] = offsets[order[i]];
            }
        }
        out.size = count;
        return out;
    }
}
