package org.citybrain.server.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entity retrieval under concurrent clients: loads N entities through NGSI-LD batch upserts, then
 * C client threads retrieve random ones ({@code GET /ngsi-ld/v1/entities/{id}}) as fast as the
 * server answers, for S seconds after a warm-up, on loopback. Prints requests/s and p50/p99/p999.
 * A measurement, not a test.
 *
 * <pre>
 * bench/server-bench.sh EntityRetrievalBench [entities=100000] [clients=200] [seconds=30] [warm-up=10]
 * </pre>
 */
public final class EntityRetrievalBench {
    private EntityRetrievalBench() {
    }

    public static void main(String[] args) throws Exception {
        int entities = BenchServer.arg(args, 0, 100_000);
        int clients = BenchServer.arg(args, 1, 200);
        int seconds = BenchServer.arg(args, 2, 30);
        int warmUp = BenchServer.arg(args, 3, 10);
        try (BenchServer server = new BenchServer(null, "--citybrain.max-body-bytes=8388608")) {
            long loadStart = System.nanoTime();
            for (int from = 0; from < entities; from += 1000) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = from; i < Math.min(entities, from + 1000); i++) {
                    batch.append(i == from ? "" : ",").append("{\"id\":\"urn:ngsi-ld:Sensor:").append(i)
                            .append("\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":").append(i % 40)
                            .append("},\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[")
                            .append(120 + i % 100 / 1000.0).append(',').append(30 + i / 100 % 1000 / 1000.0).append("]}}}");
                }
                HttpResponse<String> r = server.send("POST", "/ngsi-ld/v1/entityOperations/upsert", BenchServer.ADMIN,
                        batch.append(']').toString());
                if (r.statusCode() != 204 && r.statusCode() != 201) {
                    throw new IllegalStateException("loading failed: " + r.statusCode() + " " + r.body());
                }
            }
            System.out.printf("loaded %,d entities in %.1f s%n", entities, (System.nanoTime() - loadStart) / 1e9);

            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<long[]> latencies = new ArrayList<>();
            int[] counts = new int[clients];
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long[] mine = new long[1 << 18];
                latencies.add(mine);
                int client = c;
                Thread t = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(client);
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = server.send("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:"
                                    + random.nextInt(entities), BenchServer.ADMIN, null);
                            if (r.statusCode() != 200) {
                                System.err.println("retrieval failed: " + r.statusCode());
                                return;
                            }
                        } catch (java.io.IOException e) {
                            System.err.println("retrieval failed: " + e);
                            return;
                        }
                        if (measuring.get() && counts[client] < mine.length) {
                            mine[counts[client]++] = System.nanoTime() - t0;
                        }
                    }
                }, "client-" + c);
                t.start();
                threads.add(t);
            }
            Thread.sleep(warmUp * 1000L);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l).filter(v -> v > 0)).sorted().toArray();
            System.out.printf("entity retrieval: %,d entities, %d clients, %d s: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, "
                    + "p99.9 %.2f ms%n", entities, clients, seconds, all.length / elapsed, BenchServer.percentile(all, 0.5) / 1e6,
                    BenchServer.percentile(all, 0.99) / 1e6, BenchServer.percentile(all, 0.999) / 1e6);
        }
    }
}
