package org.citybrain.hub.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the write-ahead log.
 *
 * @param segmentBytes    a segment is closed and a new one started once it reaches this size
 *                        (a soft limit: one batch is never split, so a segment may exceed it by a
 *                        batch)
 * @param maxBatchRecords the most records one fsync covers
 * @param maxBatchDelay   how long the writer waits for more records after the first of a batch
 *                        before it writes and syncs; zero writes whatever is queued at once (group
 *                        commit then comes only from what queues up during the previous fsync)
 * @param queueCapacity   appends waiting for the writer; beyond it callers block (back-pressure)
 */
public record WalOptions(long segmentBytes, int maxBatchRecords, Duration maxBatchDelay, int queueCapacity) {

    /**
     * 64 MiB segments, batches of up to 4,096 records, no batch delay, 16,384 waiting appends. A
     * 2 ms delay was measured slower with 1 and with 64 concurrent callers (docs/hub/ingestion.md):
     * the records that queue up during one fsync already make the next batch.
     */
    public static final WalOptions DEFAULTS = new WalOptions(64L << 20, 4096, Duration.ZERO, 16_384);

    public WalOptions {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024: " + segmentBytes);
        }
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be positive: " + maxBatchRecords);
        }
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        if (maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay cannot be negative: " + maxBatchDelay);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
    }

    public WalOptions withSegmentBytes(long bytes) {
        return new WalOptions(bytes, maxBatchRecords, maxBatchDelay, queueCapacity);
    }

    public WalOptions withMaxBatchDelay(Duration delay) {
        return new WalOptions(segmentBytes, maxBatchRecords, delay, queueCapacity);
    }
}
