package org.citybrain.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.citybrain.server.CityBrainServer;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sustained telemetry through HTTP batches, durability on, against the real server in this JVM on
 * loopback (client and server share the machine, as the benchmark asks). Each client thread
 * is a device posting payloads of {@code entries} readings-lists, each entry with {@code values}
 * values, and waits for the 200 that says they are durable. Prints readings acknowledged per
 * second over the measured window (after a warm-up), the p50/p99 of one request, and the heap
 * after a full GC at the start and end of the window (bounded memory means these stay close).
 * A measurement, not a test.
 *
 * <pre>
 * bench/http-ingest.sh [threads=32] [seconds=30] [entries=10] [values=10] [warm-up seconds=10] [data dir]
 * </pre>
 */
public final class HttpIngestBench {
    private static final String ADMIN = "http-ingest-bench-admin-token";

    private HttpIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = arg(args, 0, 32);
        int seconds = arg(args, 1, 30);
        int entries = arg(args, 2, 10);
        int values = arg(args, 3, 10);
        int warmUp = arg(args, 4, 10);
        Path data = args.length > 5 ? Path.of(args[5])
                : Files.createTempDirectory(Files.createDirectories(Path.of("target")), "http-bench-");
        ConfigurableApplicationContext server = CityBrainServer.start(0, data.toString(),
                "--citybrain.admin-token=" + ADMIN, "--citybrain.max-body-bytes=4194304", "--logging.level.root=WARN");
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            String[] tokens = new String[threads];
            for (int t = 0; t < threads; t++) {
                String body = "{\"id\":\"bench-" + t + "\",\"entityId\":\"urn:ngsi-ld:TrafficFlowObserved:bench-" + t
                        + "\",\"entityType\":\"TrafficFlowObserved\"}";
                HttpResponse<String> r = send(http, port, "/api/devices", ADMIN, body);
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
                Thread worker = new Thread(() -> run(http, port, device, tokens[device], entries, values, measuring, stop,
                        readings, mine), "device-" + t);
                worker.start();
                workers.add(worker);
            }
            Thread.sleep(warmUp * 1000L);
            long heapStart = heapAfterGc();
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            long acknowledged = readings.get();
            long heapEnd = heapAfterGc();
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l).filter(v -> v > 0)).sorted().toArray();
            System.out.printf("HTTP batch ingestion: %d threads, %d readings per request, %d s measured after %d s warm-up%n",
                    threads, entries * values, seconds, warmUp);
            System.out.printf("  %,.0f readings/s acknowledged (durable), %,d requests, request p50 %.1f ms, p99 %.1f ms%n",
                    acknowledged / (elapsed / 1e9), all.length, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
            System.out.printf("  heap after full GC: %,d MiB at start, %,d MiB at end of the window%n", heapStart >> 20, heapEnd >> 20);
        } finally {
            server.close();
            if (args.length <= 5) {
                try (Stream<Path> files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(HttpClient http, int port, int device, String token, int entries, int values,
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
                HttpResponse<String> r = send(http, port, "/api/devices/bench-" + device + "/telemetry", token, body.toString());
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

    private static HttpResponse<String> send(HttpClient http, int port, String path, String token, String body)
            throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
