package org.citybrain.server.bench;

/**
 * The server side of a sustained benchmark with the load generator in another process: starts
 * the real server (embedded stores, durability on, fresh data under {@code target/} unless a
 * directory is given), prints its HTTP and MQTT ports and the administrator's token, then every
 * {@code sample} seconds the heap after a full GC, until it is stopped or {@code seconds} have
 * passed. Run it with {@code bench/sustained.sh}, which starts a load generator ({@link MqttLoad}
 * or {@link HttpIngestBench} against this server) beside it and stops the server after the load.
 *
 * <pre>
 * SustainedServer [seconds=330] [sample=30] [data dir]
 * </pre>
 */
public final class SustainedServer {
    private SustainedServer() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = BenchServer.arg(args, 0, 330);
        int sample = BenchServer.arg(args, 1, 30);
        try (BenchServer server = new BenchServer(args.length > 2 ? args[2] : null, "--citybrain.max-body-bytes=4194304",
                "--citybrain.mqtt.bind-address=127.0.0.1")) {
            System.out.printf("ready http=%d mqtt=%d admin=%s%n", server.port, server.mqttPort(), BenchServer.ADMIN);
            System.out.flush();
            long start = System.nanoTime();
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                Thread.sleep(sample * 1000L);
                System.out.printf("server %4d s: heap after full GC %,d MiB%n", (System.nanoTime() - start) / 1_000_000_000L,
                        HeapSampler.heapAfterGc() >> 20);
                System.out.flush();
            }
        }
    }
}
