package org.citybrain.server.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained telemetry through HTTP batches, durability on, against the real server in this JVM on
 * loopback (client and server share the machine, as the benchmark asks). Each client thread
 * is a device posting payloads of {@code entries} readings-lists, each entry with {@code values}
 * values, and waits for the 200 that says they are durable. Prints readings acknowledged per
 * second over the measured window (after a warm-up), the p50/p99 of one request, and the heap
 * after a full GC at the start and end of the window (bounded memory means these stay close).
 * With {@code -Dsample=S}, also every S seconds of the window the heap after a full GC and the
 * rate since the last sample: the sustained mode, e.g. 300 s sampled every 30 s. A
 * measurement, not a test.
 *
 * <pre>
 * bench/server-bench.sh HttpIngestBench [threads=32] [seconds=30] [entries=10] [values=10] [warm-up seconds=10] [data dir]
 * BENCH_JAVA_OPTS="-Xmx4g -Dsample=30" bench/server-bench.sh HttpIngestBench 32 300
 * </pre>
 * With {@code -Dtarget=http://host:port} it loads a server already running there instead
 * ({@link SustainedServer}, through {@code bench/sustained.sh http}), which samples its own heap.
 */
public final class HttpIngestBench {
    private static final String ADMIN = "http-ingest-bench-admin-token";

    private HttpIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = BenchServer.arg(args, 0, 32);
        int seconds = BenchServer.arg(args, 1, 30);
        int entries = BenchServer.arg(args, 2, 10);
        int values = BenchServer.arg(args, 3, 10);
        int warmUp = BenchServer.arg(args, 4, 10);
        try (BenchServer server = BenchServer.startOrConnect(args.length > 5 ? args[5] : null, "--citybrain.max-body-bytes=4194304")) {
            String[] tokens = new String[threads];
            for (int t = 0; t < threads; t++) {
                String body = "{\"id\":\"bench-" + t + "\",\"entityId\":\"urn:ngsi-ld:TrafficFlowObserved:bench-" + t
                        + "\",\"entityType\":\"TrafficFlowObserved\"}";
                HttpResponse<String> r = server.send("POST", "/api/devices", BenchServer.ADMIN, body);
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("cannot register a device: " + r.statusCode() + " " + r.body());
                }
                tokens[t] = r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            }
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong readings = new AtomicLong();
            List<long[]> latencies = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long[] mine = new long[1 << 20];
                latencies.add(mine);
                int device = t;
                Thread worker = new Thread(() -> run(server, device, tokens[device], entries, values, measuring, stop,
                        readings, mine), "device-" + t);
                worker.start();
                workers.add(worker);
            }
            Thread.sleep(warmUp * 1000L);
            long heapStart = HeapSampler.heapAfterGc();
            measuring.set(true);
            long start = System.nanoTime();
            int sample = Integer.getInteger("sample", 0);
            try (HeapSampler sampler = sample > 0 ? new HeapSampler(sample, readings::get, server.inThisJvm()) : null) {
                Thread.sleep(seconds * 1000L);
            }
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            long acknowledged = readings.get();
            long heapEnd = HeapSampler.heapAfterGc();
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l).filter(v -> v > 0)).sorted().toArray();
            System.out.printf("HTTP batch ingestion: %d threads, %d readings per request, %d s measured after %d s warm-up%n",
                    threads, entries * values, seconds, warmUp);
            System.out.printf("  %,.0f readings/s acknowledged (durable), %,d requests, request p50 %.1f ms, p99 %.1f ms%n",
                    acknowledged / (elapsed / 1e9), all.length, BenchServer.percentile(all, 0.50) / 1e6,
                    BenchServer.percentile(all, 0.99) / 1e6);
            if (server.inThisJvm()) {
                System.out.printf("  heap after full GC: %,d MiB at start, %,d MiB at end of the window%n", heapStart >> 20,
                        heapEnd >> 20);
            }
        }
    }

    private static void run(BenchServer server, int device, String token, int entries, int values,
            AtomicBoolean measuring, AtomicBoolean stop, AtomicLong readings, long[] latencies) {
        long ts = 1_764_000_000_000L + device;
        int n = 0;
        StringBuilder body = new StringBuilder(entries * values * 16);
        while (!stop.get()) {
            body.setLength(0);
            body.append('[');
            for (int e = 0; e < entries; e++) {
                ts += 1000;
                body.append(e == 0 ? "" : ",").append("{\"ts\":").append(ts).append(",\"values\":{");
                for (int v = 0; v < values; v++) {
                    body.append(v == 0 ? "" : ",").append("\"v").append(v).append("\":").append(ts % 1000 + v);
                }
                body.append("}}");
            }
            body.append(']');
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = server.send("POST", "/api/devices/bench-" + device + "/telemetry", token, body.toString());
                if (r.statusCode() != 200) {
                    System.err.println("request refused: " + r.statusCode() + " " + r.body());
                    return;
                }
            } catch (IOException e) {
                System.err.println("request failed: " + e);
                return;
            }
            if (measuring.get()) {
                readings.addAndGet((long) entries * values);
                if (n < latencies.length) {
                    latencies[n++] = System.nanoTime() - t0;
                }
            }
        }
    }
}
