package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPeakTest {

    @Test
    void peakIsAtLeastWhatWasHeldAtASample() {
        try (HeapPeak heap = HeapPeak.start()) {
            long[] held = new long[4 << 20]; // 32 MiB live while sampled
            heap.sample();
            assertThat(held).hasSize(4 << 20);
            assertThat(heap.peakUsedBytes()).isGreaterThanOrEqualTo(32L << 20);
        }
    }
}
