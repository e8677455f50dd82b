package org.citybrain.server.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.bench.HeapSampler;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MQTT telemetry throughput: D devices, each its own MQTT 3.1.1 connection, publish M messages of
 * R readings at QoS 1, keeping W unacknowledged at a time; it reports readings acknowledged per
 * second and the publish-to-PUBACK latency. Against the embedded broker (a fresh server with its
 * data in {@code target/}, durability on) or, for the ceiling of the machine, against any broker
 * such as Mosquitto, where nothing is stored and nobody subscribes. A program, not a test: see
 * docs/benchmarks.md for how to run it.
 *
 * <p>Arguments: {@code embedded|tcp://host:port devices messages readingsPerMessage window}. Each
 * device first sends a fifth of {@code messages} as warm-up, not counted. With {@code -Dsample=S}
 * (embedded), every S seconds of the measured run it prints the heap after a full GC and the rate
 * since the last sample: the sustained mode, with {@code messages} enough for minutes.
 */
public final class MqttIngestBench {
    /** Devices registered without @context: the server stores names expanded with the core context's vocabulary. */
    static final java.util.function.UnaryOperator<String> TERMS = t -> "https://uri.etsi.org/ngsi-ld/default-context/" + t;


    private MqttIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: MqttIngestBench embedded|tcp://host:port devices messages readingsPerMessage window");
            System.exit(2);
        }
        String target = args[0];
        int devices = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        int readings = Integer.parseInt(args[3]);
        int window = Integer.parseInt(args[4]);
        boolean embedded = target.equals("embedded");

        ConfigurableApplicationContext server = null;
        String host = "127.0.0.1";
        int port;
        String[] tokens = new String[devices];
        if (embedded) {
            Files.createDirectories(Path.of("target"));
            Path data = Files.createTempDirectory(Path.of("target"), "mqtt-bench-");
            server = CityBrainServer.start(0, data.toString(), "--citybrain.admin-token=admin-token-for-the-mqtt-bench",
                    "--citybrain.mqtt.port=0", "--citybrain.mqtt.bind-address=127.0.0.1", "--logging.level.org.citybrain=WARN");
            port = server.getBean(EmbeddedBroker.class).port();
            DeviceRegistry registry = server.getBean(DeviceRegistry.class);
            for (int d = 0; d < devices; d++) {
                tokens[d] = registry.register(Device.of("bench-" + d, "urn:ngsi-ld:TrafficFlowObserved:bench-" + d,
                        "TrafficFlowObserved")).token();
            }
        } else {
            URI url = URI.create(target);
            host = url.getHost();
            port = url.getPort();
        }

        List<Mqtt3AsyncClient> clients = new ArrayList<>();
        List<CompletableFuture<?>> connected = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3().identifier("bench-" + d).serverHost(host).serverPort(port);
            Mqtt3AsyncClient client = embedded
                    ? builder.simpleAuth().username("bench-" + d).password(tokens[d].getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildAsync()
                    : builder.buildAsync();
            clients.add(client);
            connected.add(client.connect());
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        long base = Instant.now().minusSeconds(86_400).getEpochSecond(); // readings one second apart, in seconds
        int warmup = Math.max(1, messages / 5);
        run(clients, warmup, readings, window, base, new long[devices * warmup], new AtomicInteger());
        long[] latencies = new long[devices * messages];
        long start = System.nanoTime();
        int sample = Integer.getInteger("sample", 0);
        AtomicInteger acknowledged = new AtomicInteger();
        try (HeapSampler sampler = sample > 0 ? new HeapSampler(sample, () -> (long) acknowledged.get() * readings) : null) {
            run(clients, messages, readings, window, base + (long) warmup * readings, latencies, acknowledged);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        long total = (long) devices * messages * readings;
        Arrays.sort(latencies);
        System.out.printf("target=%s devices=%d messages/device=%d readings/message=%d window=%d%n", target, devices, messages,
                readings, window);
        System.out.printf("readings acknowledged: %,d in %.2f s = %,.0f readings/s (%,.0f messages/s)%n", total, seconds,
                total / seconds, devices * (double) messages / seconds);
        System.out.printf("publish to PUBACK: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6, latencies[latencies.length - 1] / 1e6);
        if (server != null) {
            Ingestor ingestor = server.getBean(Ingestor.class);
            int stored = ingestor.history(URI.create("urn:ngsi-ld:TrafficFlowObserved:bench-0"), TERMS.apply("intensity"), Instant.EPOCH,
                    Instant.now()).size();
            System.out.printf("check: device bench-0 has %,d readings stored (expected %,d)%n", stored, (warmup + messages) * readings);
        }
        clients.forEach(Mqtt3AsyncClient::disconnect);
        if (server != null) {
            server.close();
        }
        System.exit(0);
    }

    /** Every client sends {@code messages} payloads, {@code window} in flight each; returns when all are acknowledged. */
    private static void run(List<Mqtt3AsyncClient> clients, int messages, int readings, int window, long firstTs, long[] latencies,
            AtomicInteger acknowledged) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(clients.size() * messages);
        AtomicInteger slot = new AtomicInteger();
        for (int d = 0; d < clients.size(); d++) {
            Mqtt3AsyncClient client = clients.get(d);
            String topic = "citybrain/devices/bench-" + d + "/telemetry";
            AtomicInteger next = new AtomicInteger();
            Runnable[] send = new Runnable[1];
            send[0] = () -> {
                int m = next.getAndIncrement();
                if (m >= messages) {
                    return;
                }
                byte[] payload = payload(firstTs + (long) m * readings, readings, m);
                long sent = System.nanoTime();
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().whenComplete((ack, e) -> {
                    if (e != null) {
                        System.err.println("publish failed: " + e);
                    }
                    latencies[slot.getAndIncrement()] = System.nanoTime() - sent;
                    acknowledged.incrementAndGet();
                    done.countDown();
                    send[0].run();
                });
            };
            for (int w = 0; w < window; w++) {
                send[0].run();
            }
        }
        if (!done.await(15, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not all publishes were acknowledged: " + done.getCount() + " missing");
        }
    }

    /** A list of {@code readings} compact readings, one second apart from {@code ts} (epoch seconds). */
    private static byte[] payload(long ts, int readings, int m) {
        StringBuilder json = new StringBuilder(readings * 48).append('[');
        for (int r = 0; r < readings; r++) {
            if (r > 0) {
                json.append(',');
            }
            json.append("{\"ts\":").append((ts + r) * 1000).append(",\"values\":{\"intensity\":").append(m % 50 + r).append("}}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
