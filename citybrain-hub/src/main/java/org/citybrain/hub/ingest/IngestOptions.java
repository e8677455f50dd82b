package org.citybrain.hub.ingest;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Limits and rules of telemetry ingestion.
 *
 * @param zone                  where date-times without offset inside values are read (decision 0003)
 * @param maxPayloadBytes       a larger payload is rejected unread ({@code PAYLOAD_TOO_LARGE})
 * @param maxReadingsPerPayload a payload with more readings (attribute values) is rejected whole
 * @param maxClockSkew          a reading observed later than now plus this is rejected as from the
 *                              future ({@code INVALID_DATE_TIME}): it would pin the current value
 */
public record IngestOptions(ZoneId zone, int maxPayloadBytes, int maxReadingsPerPayload, Duration maxClockSkew) {

    /** UTC, 1 MiB, 10,000 readings, 10 minutes. */
    public static final IngestOptions DEFAULTS = new IngestOptions(ZoneId.of("UTC"), 1 << 20, 10_000, Duration.ofMinutes(10));

    public IngestOptions {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxPayloadBytes < 1 || maxReadingsPerPayload < 1 || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
