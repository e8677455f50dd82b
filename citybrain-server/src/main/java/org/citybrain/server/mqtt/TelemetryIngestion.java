package org.citybrain.server.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.ingest.DeviceAuthenticationException;
import org.citybrain.hub.ingest.IngestResult;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.server.hub.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands MQTT telemetry to the {@link Ingestor} on a pool of worker threads, which authenticate and
 * parse it off the network threads, and reports each payload's {@link Outcome} through a future
 * that completes once the readings are durable (or refused). The workers do not wait for the
 * fsync ({@link Ingestor#acceptAsync}): every payload in flight, from every connection, joins the
 * write-ahead log's next group commit, so one fsync acknowledges as many payloads as arrived
 * during the previous one, whatever the pool's size.
 */
final class TelemetryIngestion implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelemetryIngestion.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ingestor ingestor;
    private final ThreadPoolExecutor workers;
    private final IngestMetrics metrics;

    /** What became of one payload. */
    sealed interface Outcome {
    }

    /** Every reading is durable: acknowledge. */
    record Stored(IngestResult result) implements Outcome {
    }

    /**
     * The payload was refused and nothing was stored: do not acknowledge, tell the device.
     *
     * @param unauthorized the device is unknown or its token no longer valid (else the payload is bad)
     * @param error        the error as JSON, as published on the device's errors topic
     * @param reason       one line for logs and MQTT 5 reason strings
     */
    record Refused(boolean unauthorized, byte[] error, String reason) implements Outcome {
    }

    /** The readings could not be made durable: do not acknowledge; the device must send again. */
    record Failed(Throwable cause) implements Outcome {
    }

    TelemetryIngestion(Ingestor ingestor, int threads, MeterRegistry meters) {
        this.ingestor = ingestor;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mqtt-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.metrics = new IngestMetrics(meters, "mqtt");
        Gauge.builder("citybrain.mqtt.ingest.queue", workers, w -> w.getQueue().size())
                .description("MQTT payloads waiting for an ingest thread").register(meters);
    }

    /**
     * Ingests one payload on a worker thread.
     *
     * @param token the device's token, checked again by the ingestor; empty when the transport
     *              authenticated the device itself (an external broker)
     * @return completes, on a worker thread, once the payload is durable or refused; never exceptionally
     */
    CompletableFuture<Outcome> ingest(String deviceId, Optional<String> token, byte[] payload) {
        long start = System.nanoTime();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        try {
            workers.execute(() -> ingestNow(deviceId, token, payload, start, outcome));
        } catch (RuntimeException e) {
            outcome.complete(new Failed(e)); // the pool is shut down
        }
        return outcome;
    }

    private void ingestNow(String deviceId, Optional<String> token, byte[] payload, long start,
            CompletableFuture<Outcome> outcome) {
        CompletableFuture<IngestResult> durable;
        try {
            durable = token.isPresent()
                    ? ingestor.acceptAsync(deviceId, token.get(), payload)
                    : ingestor.acceptFromAsync(deviceId, payload);
        } catch (RuntimeException e) {
            outcome.complete(refused(deviceId, e));
            return;
        }
        durable.whenComplete((result, failure) -> {
            if (failure == null) {
                metrics.stored(result, System.nanoTime() - start);
                outcome.complete(new Stored(result));
            } else {
                outcome.complete(refused(deviceId, failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure));
            }
        });
    }

    /** The outcome of a payload that was not stored: refused as bad or unauthorized, or failed. */
    private Outcome refused(String deviceId, Throwable e) {
        if (e instanceof NgsiLdException bad) {
            metrics.rejected(bad.code().name());
            ObjectNode error = JSON.createObjectNode().put("type", bad.problemType().uri().toString())
                    .put("title", bad.problemType().title()).put("code", bad.code().name())
                    .put("jsonPath", bad.jsonPath()).put("detail", bad.getMessage());
            return new Refused(false, bytes(error), bad.code().name() + " " + bad.getMessage());
        }
        if (e instanceof DeviceAuthenticationException) {
            metrics.rejected("UNAUTHORIZED");
            ObjectNode error = JSON.createObjectNode().put("title", "Unauthorized").put("code", "UNAUTHORIZED")
                    .put("detail", e.getMessage());
            return new Refused(true, bytes(error), e.getMessage());
        }
        log.error("telemetry of device {} could not be made durable; not acknowledged", deviceId, e);
        metrics.rejected("NOT_DURABLE");
        return new Failed(e);
    }

    private static byte[] bytes(ObjectNode error) {
        try {
            return JSON.writeValueAsBytes(error);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the payloads in hand finish (so that they reach the log before it closes), then stops. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("MQTT ingestion did not finish within 10 s; {} payloads were not acknowledged", workers.getQueue().size());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
