package org.citybrain.server.bench;

import static org.citybrain.server.bench.BenchServer.arg;
import static org.citybrain.server.bench.BenchServer.percentile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.citybrain.server.NotificationReceiver;

/**
 * Reading to notification latency: devices send telemetry over HTTP at a fixed total rate, each
 * payload a batch of {@code entries} entries of {@code values} readings each (one of them a
 * sequence number, the same in every entry of the payload); one subscription
 * per entity type notifies a local HTTP receiver ({@link NotificationReceiver}). The latency of a
 * payload runs from just before its POST (so it includes making it durable) to the arrival of the
 * first notification that shows its sequence number or a later one (notifications carry an
 * entity's latest state, so changes close together share one). Server, devices and receiver share
 * this JVM and the machine. A measurement, not a test.
 *
 * <pre>
 * bench/server-bench.sh NotificationLatencyBench \
 *      [readings/s=10000] [devices=100] [types=10] [entries=10] [values=10] [seconds=30] [warm-up seconds=10]
 * </pre>
 */
public final class NotificationLatencyBench {
    private NotificationLatencyBench() {
    }

    /** A payload sent and not yet seen in a notification; {@code acked} is when its 200 came (0: not yet). */
    private static final class Sent {
        final long seq;
        final long nanos;
        final boolean measured;
        volatile long acked;

        Sent(long seq, long nanos, boolean measured) {
            this.seq = seq;
            this.nanos = nanos;
            this.measured = measured;
        }
    }

    public static void main(String[] args) throws Exception {
        int rate = arg(args, 0, 10_000);
        int devices = arg(args, 1, 100);
        int types = arg(args, 2, 10);
        int entries = arg(args, 3, 10);
        int values = arg(args, 4, 10);
        int seconds = arg(args, 5, 30);
        int warmUp = arg(args, 6, 10);
        int perPayload = entries * values;
        Map<String, ConcurrentLinkedQueue<Sent>> waiting = new ConcurrentHashMap<>();
        long[] latencies = new long[rate * seconds / perPayload * 2 + 1_000];
        long[] afterAck = new long[latencies.length];
        long[] acks = new long[latencies.length];
        AtomicLong ackCount = new AtomicLong();
        AtomicLong measuredCount = new AtomicLong();
        AtomicLong notifications = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (BenchServer server = new BenchServer(null, "--citybrain.mqtt.enabled=false");
             NotificationReceiver receiver = new NotificationReceiver(4)) {
            receiver.onEach(r -> {
                notifications.incrementAndGet();
                for (JsonNode entity : r.body().get("data")) {
                    ConcurrentLinkedQueue<Sent> queue = waiting.get(entity.get("id").asText());
                    JsonNode seq = entity.path("seq").path("value");
                    if (queue == null || !seq.isNumber()) {
                        continue;
                    }
                    for (Sent s = queue.peek(); s != null && s.seq <= seq.asLong(); s = queue.peek()) {
                        queue.poll();
                        if (s.measured) {
                            long i = measuredCount.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[(int) i] = r.nanos() - s.nanos;
                                // the change is published before the 200 leaves: then 0
                                afterAck[(int) i] = s.acked == 0 ? 0 : Math.max(0, r.nanos() - s.acked);
                            }
                        }
                    }
                }
            });
            for (int t = 0; t < types; t++) {
                String body = "{\"id\":\"urn:ngsi-ld:Subscription:bench-" + t + "\",\"type\":\"Subscription\","
                        + "\"entities\":[{\"type\":\"BenchSensor" + t + "\"}],"
                        + "\"notification\":{\"endpoint\":{\"uri\":\"" + receiver.url("type-" + t) + "\"}}}";
                expect(201, server.send("POST", "/ngsi-ld/v1/subscriptions", BenchServer.ADMIN, body));
            }
            String[] tokens = new String[devices];
            for (int d = 0; d < devices; d++) {
                String entity = "urn:ngsi-ld:BenchSensor:" + d;
                String body = "{\"id\":\"bench-" + d + "\",\"entityId\":\"" + entity + "\",\"entityType\":\"BenchSensor"
                        + (d % types) + "\"}";
                HttpResponse<String> r = expect(201, server.send("POST", "/api/devices", BenchServer.ADMIN, body));
                tokens[d] = r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
                waiting.put(entity, new ConcurrentLinkedQueue<>());
            }
            Thread.sleep(1_000); // readings must be observed after their entities were created
            long periodNanos = (long) (1e9 * devices * perPayload / rate);
            AtomicLong acknowledged = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                int device = d;
                Thread worker = new Thread(() -> run(server, device, tokens[device], entries, values, periodNanos,
                        waiting.get("urn:ngsi-ld:BenchSensor:" + device), measuring, stop, acknowledged, acks, ackCount),
                        "device-" + d);
                worker.start();
                workers.add(worker);
            }
            Thread.sleep(warmUp * 1000L);
            long notifiedBefore = notifications.get();
            long ackBefore = acknowledged.get();
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            long readings = (acknowledged.get() - ackBefore) * perPayload;
            long notified = notifications.get() - notifiedBefore;
            Thread.sleep(2_000); // the last notifications of the window
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            long unseen = waiting.values().stream().flatMap(q -> q.stream()).filter(s -> s.measured).count();
            int n = (int) Math.min(measuredCount.get(), latencies.length);
            long[] sorted = sorted(latencies, n);
            long[] sortedAfterAck = sorted(afterAck, n);
            long[] sortedAcks = sorted(acks, (int) Math.min(ackCount.get(), acks.length));
            System.out.printf("Reading -> notification: %d devices, %d entity types (one subscription each), %d readings per "
                    + "payload (%d x %d), %d s measured after %d s warm-up%n", devices, types, perPayload, entries, values,
                    seconds, warmUp);
            System.out.printf("  %,.0f readings/s acknowledged (asked %,d), %,.0f notifications/s, %,d payloads measured, "
                    + "%,d never notified%n", readings / (elapsed / 1e9), rate, notified / (elapsed / 1e9), n, unseen);
            System.out.printf("  reading sent -> notified: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6, n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
            System.out.printf("  of which: telemetry POST until its 200 (durable) p50 %.1f ms, p99 %.1f ms; "
                    + "200 -> notified p50 %.1f ms, p99 %.1f ms%n", percentile(sortedAcks, 0.50) / 1e6,
                    percentile(sortedAcks, 0.99) / 1e6, percentile(sortedAfterAck, 0.50) / 1e6,
                    percentile(sortedAfterAck, 0.99) / 1e6);
        }
    }

    private static void run(BenchServer server, int device, String token, int entries, int values, long periodNanos,
            ConcurrentLinkedQueue<Sent> waiting, AtomicBoolean measuring, AtomicBoolean stop, AtomicLong acknowledged,
            long[] acks, AtomicLong ackCount) {
        long next = System.nanoTime() + (long) (Math.random() * periodNanos);
        long lastTs = 0;
        StringBuilder body = new StringBuilder(entries * values * 16);
        for (long seq = 1; !stop.get(); seq++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += periodNanos;
            body.setLength(0);
            body.append('[');
            for (int e = 0; e < entries; e++) {
                long ts = Math.max(System.currentTimeMillis() - entries + e, lastTs + 1);
                lastTs = ts;
                body.append(e == 0 ? "" : ",").append("{\"ts\":").append(ts).append(",\"values\":{\"seq\":").append(seq);
                for (int v = 1; v < values; v++) {
                    body.append(",\"v").append(v).append("\":").append(seq % 1000 + e + v);
                }
                body.append("}}");
            }
            body.append(']');
            long t0 = System.nanoTime();
            Sent sent = new Sent(seq, t0, measuring.get());
            waiting.add(sent);
            try {
                HttpResponse<String> r = server.send("POST", "/api/devices/bench-" + device + "/telemetry", token, body.toString());
                if (r.statusCode() != 200) {
                    System.err.println("telemetry refused: " + r.statusCode() + " " + r.body());
                    return;
                }
            } catch (IOException e) {
                System.err.println("telemetry failed: " + e);
                return;
            }
            sent.acked = System.nanoTime();
            if (sent.measured) {
                acknowledged.incrementAndGet();
                long i = ackCount.getAndIncrement();
                if (i < acks.length) {
                    acks[(int) i] = sent.acked - t0;
                }
            }
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static long[] sorted(long[] values, int n) {
        long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy;
    }
}
