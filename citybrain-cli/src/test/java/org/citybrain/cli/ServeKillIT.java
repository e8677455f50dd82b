package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server for real: {@code java -jar citybrain.jar serve} in its own process, devices
 * sending telemetry over HTTP (or MQTT, QoS 1) on several threads, then {@code kill -9} in the
 * middle of it. Every
 * reading that was acknowledged must be on disk exactly once, and the restarted server must know
 * its users and devices.
 */
class ServeKillIT {
    private static final String ADMIN = "admin-token-for-the-kill-test";
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern MQTT = Pattern.compile("MQTT: tcp://localhost:(\\d+)");
    private static final int DEVICES = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyAcknowledgedReadingSurvivesKill9AndNoneIsDuplicated(@TempDir Path data) throws Exception {
        Server first = Server.start(data);
        List<String> tokens = register(first, "dev-");
        // each device sends readings with increasing timestamps until the server dies under it
        List<Set<Long>> acknowledged = sendUntilKilled(first, (d, acked, stop) -> {
            String path = "/api/devices/dev-" + d + "/telemetry";
            for (long ts = 1_700_000_000_000L; !stop.get(); ts += 10) {
                String body = "[{\"ts\":" + ts + ",\"values\":{\"n\":" + ts + "}},{\"ts\":" + (ts + 5) + ",\"values\":{\"n\":"
                        + (ts + 5) + "}}]";
                if (send(first.port, "POST", path, tokens.get(d), body).statusCode() == 200) {
                    acked.add(ts);
                    acked.add(ts + 5);
                }
            }
        });
        assertStoredOnce(data, "dev-", acknowledged);

        Server second = Server.start(data);
        try {
            HttpResponse<String> devices = send(second.port, "GET", "/api/devices", ADMIN, null);
            assertThat(devices.statusCode()).isEqualTo(200);
            assertThat(devices.body()).contains("dev-0", "dev-3");
            long someAcked = acknowledged.get(0).iterator().next();
            HttpResponse<String> again = send(second.port, "POST", "/api/devices/dev-0/telemetry", tokens.get(0),
                    "{\"ts\":" + someAcked + ",\"values\":{\"n\":" + someAcked + "}}");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"duplicates\":1");
        } finally {
            second.process.destroy(); // SIGTERM: a clean stop
            assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
    }

    @Test
    void everyReadingAcknowledgedOverMqttSurvivesKill9AndNoneIsDuplicated(@TempDir Path data) throws Exception {
        Server first = Server.start(data);
        assertThat(first.mqttPort()).as("the server announces its MQTT port").isPositive();
        List<String> tokens = register(first, "mqtt-");
        List<Set<Long>> acknowledged = sendUntilKilled(first, (d, acked, stop) -> {
            String device = "mqtt-" + d;
            Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(device)
                    .serverHost("localhost").serverPort(first.mqttPort()).buildBlocking();
            client.connectWith().simpleAuth().username(device).password(tokens.get(d).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            for (long ts = 1_700_000_000_000L; !stop.get(); ts += 10) {
                // a blocking QoS 1 publish returns once the PUBACK came: the server said it is durable
                client.publishWith().topic("citybrain/devices/" + device + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"ts\":" + ts + ",\"values\":{\"n\":" + ts + "}}").getBytes(StandardCharsets.UTF_8))
                        .send();
                acked.add(ts);
            }
        });
        assertStoredOnce(data, "mqtt-", acknowledged);
    }

    /** One device's sending loop: adds each acknowledged reading's time to {@code acked} until stopped or failing. */
    private interface Sender {
        void run(int device, Set<Long> acked, AtomicBoolean stop) throws Exception;
    }

    /** Registers the devices {@code prefix0..}, feeding entities {@code urn:ngsi-ld:Sensor:prefix0..}; their tokens. */
    private List<String> register(Server server, String prefix) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            HttpResponse<String> r = send(server.port, "POST", "/api/devices", ADMIN, "{\"id\":\"" + prefix + d
                    + "\",\"entityId\":\"urn:ngsi-ld:Sensor:" + prefix + d + "\",\"entityType\":\"Sensor\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            tokens.add(r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
        }
        return tokens;
    }

    /** Runs a sender per device, kills the server with SIGKILL once 400 readings are acknowledged. */
    private static List<Set<Long>> sendUntilKilled(Server server, Sender sender) throws InterruptedException {
        List<Set<Long>> acknowledged = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            acknowledged.add(acked);
            int device = d;
            Thread t = new Thread(() -> {
                try {
                    sender.run(device, acked, stop);
                } catch (Exception e) {
                    // the server is gone: what was acknowledged before is what counts
                }
            });
            t.start();
            senders.add(t);
        }
        Instant until = Instant.now().plusSeconds(60);
        while (acknowledged.stream().mapToInt(Set::size).sum() < 400 && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        server.process.destroyForcibly(); // SIGKILL
        server.process.waitFor(30, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : senders) {
            t.join(30_000);
        }
        assertThat(acknowledged.stream().mapToInt(Set::size).sum()).as("readings acknowledged before the kill")
                .isGreaterThanOrEqualTo(400);
        return acknowledged;
    }

    /** On disk, every acknowledged reading of every device is in its entity's history exactly once. */
    private static void assertStoredOnce(Path data, String prefix, List<Set<Long>> acknowledged) {
        try (WalStore store = WalStore.open(data.resolve("readings"))) {
            for (int d = 0; d < DEVICES; d++) {
                // stored under the expanded name: the devices registered without @context
                List<Reading> history = store.history(URI.create("urn:ngsi-ld:Sensor:" + prefix + d),
                        "https://uri.etsi.org/ngsi-ld/default-context/n", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
                Set<Long> stored = ConcurrentHashMap.newKeySet();
                for (Reading r : history) {
                    assertThat(stored.add(r.observedAt().toEpochMilli())).as("stored once: %s", r).isTrue();
                }
                assertThat(stored).as("device %s%d", prefix, d).containsAll(acknowledged.get(d));
            }
        }
    }

    private HttpResponse<String> send(int port, String method, String path, String token, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The server jar in a child process, with the port it announced. */
    private record Server(Process process, int port, int mqttPort) {
        static Server start(Path data) throws Exception {
            Path jar = ProjectHome.root().resolve("citybrain-cli/target/citybrain.jar");
            assertThat(jar).as("the packaged jar (failsafe runs after package)").exists();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m", "-jar", jar.toString(),
                    "serve", "--port", "0", "--data-dir", data.toString(),
                    // the embedded MQTT broker on a free port too, so that parallel runs never collide on 1883
                    "--", "--citybrain.mqtt.port=0").redirectErrorStream(true);
            builder.environment().put("CITYBRAIN_ADMIN_TOKEN", ADMIN);
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Instant deadline = Instant.now().plusSeconds(180);
            for (String line; Instant.now().isBefore(deadline) && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    int mqtt = -1;
                    for (int i = 0; i < 3 && mqtt < 0 && (line = out.readLine()) != null; i++) { // the lines after it
                        seen.append(line).append('\n');
                        Matcher q = MQTT.matcher(line);
                        if (q.find()) {
                            mqtt = Integer.parseInt(q.group(1));
                        }
                    }
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(process, Integer.parseInt(m.group(1)), mqtt);
                }
            }
            process.destroyForcibly();
            throw new AssertionError("the server did not announce its port; it printed:\n" + seen);
        }
    }
}
