package org.citybrain.server.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.ingest.IngestResult;

/**
 * The ingestion metrics of one transport ({@code http}, {@code mqtt}), so that every transport
 * reports under the same names: {@code citybrain.ingest.readings}, {@code .duplicates},
 * {@code .latency} and {@code .rejected{reason}}, each tagged with the transport.
 */
public final class IngestMetrics {
    private final MeterRegistry meters;
    private final String transport;
    private final Counter readings;
    private final Counter duplicates;
    private final Timer latency;

    public IngestMetrics(MeterRegistry meters, String transport) {
        this.meters = meters;
        this.transport = transport;
        this.readings = Counter.builder("citybrain.ingest.readings").description("readings stored durably")
                .tag("transport", transport).register(meters);
        this.duplicates = Counter.builder("citybrain.ingest.duplicates").description("readings received again, not stored twice")
                .tag("transport", transport).register(meters);
        this.latency = Timer.builder("citybrain.ingest.latency").description("payload received to durable")
                .tag("transport", transport).publishPercentiles(0.5, 0.99).register(meters);
    }

    /** A payload became durable {@code nanos} after it was received. */
    public void stored(IngestResult result, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        readings.increment(result.stored());
        duplicates.increment(result.duplicates());
    }

    /** A payload was refused or could not be stored, for {@code reason} (an error code). */
    public void rejected(String reason) {
        meters.counter("citybrain.ingest.rejected", "transport", transport, "reason", reason).increment();
    }
}
