package org.citybrain.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server as a client of a real Mosquitto ({@code citybrain.mqtt.mode=external}). Needs
 * {@code CITYBRAIN_TEST_MQTT_URL} (e.g. {@code tcp://127.0.0.1:1883}, anonymous access allowed);
 * skipped without it, unless {@code CITYBRAIN_REQUIRE_MQTT=true} (as {@code .ci/run} sets after
 * starting Mosquitto), which makes its absence a failure.
 */
class ExternalBrokerIT {
    /** Devices registered without @context: the server stores names expanded with the core context's vocabulary. */
    static final java.util.function.UnaryOperator<String> TERMS = t -> "https://uri.etsi.org/ngsi-ld/default-context/" + t;

    private static URI broker;

    @BeforeAll
    static void broker() {
        String url = System.getenv("CITYBRAIN_TEST_MQTT_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CITYBRAIN_REQUIRE_MQTT"))) {
                fail("CITYBRAIN_REQUIRE_MQTT=true but CITYBRAIN_TEST_MQTT_URL is not set");
            }
            assumeTrue(false, "CITYBRAIN_TEST_MQTT_URL is not set (a Mosquitto, e.g. tcp://127.0.0.1:1883): "
                    + "external-broker tests skipped");
        }
        broker = URI.create(url);
    }

    private static ConfigurableApplicationContext server(Path data, String clientId) {
        return CityBrainServer.start(0, data.toString(), "--citybrain.admin-token=admin-token-for-external-mqtt",
                "--citybrain.mqtt.mode=external", "--citybrain.mqtt.url=" + broker, "--citybrain.mqtt.client-id=" + clientId);
    }

    private static Mqtt3AsyncClient device(String name) throws Exception {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier(name + "-" + UUID.randomUUID())
                .serverHost(broker.getHost()).serverPort(broker.getPort()).buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static byte[] reading(long ts, double speed) {
        return ("{\"ts\": " + ts + ", \"values\": {\"averageVehicleSpeed\": " + speed + "}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void telemetryThroughTheBrokerIsStoredAndWhatCameWhileTheServerWasDownArrivesAfterItsRestart() throws Exception {
        Path data = TestData.newDirectory();
        String clientId = "citybrain-test-" + UUID.randomUUID();
        String deviceId = "ext-" + UUID.randomUUID();
        URI entity = URI.create("urn:ngsi-ld:TrafficFlowObserved:" + deviceId);
        String topic = "citybrain/devices/" + deviceId + "/telemetry";
        Mqtt3AsyncClient device = device("device");
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        device.subscribeWith().topicFilter("citybrain/devices/" + deviceId + "/errors")
                .callback(p -> errors.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().get(10, TimeUnit.SECONDS);

        try (ConfigurableApplicationContext first = server(data, clientId)) {
            first.getBean(DeviceRegistry.class).register(Device.of(deviceId, entity.toString(), "TrafficFlowObserved"));
            Ingestor ingestor = first.getBean(Ingestor.class);
            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(reading(1_700_000_000_000L, 40.0)).send()
                    .get(10, TimeUnit.SECONDS);
            eventually(() -> ingestor.current(entity, TERMS.apply("averageVehicleSpeed")).isPresent(), "the first reading stored");

            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"values\": {\"averageVehicleSpeed\": 1}}".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(errors.poll(15, TimeUnit.SECONDS)).contains("\"jsonPath\":\"$.ts\"");
        }

        // the server is away; the broker keeps its session and queues this for it
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(reading(1_700_000_060_000L, 55.5)).send()
                .get(10, TimeUnit.SECONDS);

        try (ConfigurableApplicationContext second = server(data, clientId)) {
            Ingestor ingestor = second.getBean(Ingestor.class);
            eventually(() -> ingestor.current(entity, TERMS.apply("averageVehicleSpeed")).filter(r -> r.value().contains("55.5")).isPresent(),
                    "the reading sent while the server was down");
            assertThat(ingestor.history(entity, TERMS.apply("averageVehicleSpeed"), java.time.Instant.EPOCH, java.time.Instant.now())).hasSize(2);
        } finally {
            device.disconnect();
            forgetSession(clientId);
        }
    }

    /** Leaves nothing behind in the broker: a clean start with expiry 0 ends the test's persistent session. */
    private static void forgetSession(String clientId) throws Exception {
        var client = MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost(broker.getHost())
                .serverPort(broker.getPort()).buildAsync();
        client.connectWith().cleanStart(true).sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
        client.disconnect().get(10, TimeUnit.SECONDS);
    }
}
