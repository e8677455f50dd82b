package org.citybrain.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.Reading;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.TestData;
import org.citybrain.server.security.Role;
import org.citybrain.server.security.User;
import org.citybrain.server.security.UserRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded broker with real MQTT clients (HiveMQ's, speaking 3.1.1 and 5; and raw bytes where
 * a client library would hide what the broker does): authentication, durable acknowledgement,
 * refusals, subscriptions. The readings are checked through the server's own {@link Ingestor}.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=admin-token-for-mqtt-tests", "citybrain.mqtt.max-message-bytes=8192"})
class EmbeddedBrokerIT {
    /** Devices registered without @context: the server stores names expanded with the core context's vocabulary. */
    static final java.util.function.UnaryOperator<String> TERMS = t -> "https://uri.etsi.org/ngsi-ld/default-context/" + t;

    static final Path data = TestData.newDirectory();

    @Autowired
    EmbeddedBroker broker;
    @Autowired
    MqttPublisher publisher;
    @Autowired
    DeviceRegistry devices;
    @Autowired
    UserRegistry users;
    @Autowired
    Ingestor ingestor;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", () -> data.toString());
    }

    private String register(String id) {
        return devices.register(Device.of(id, "urn:ngsi-ld:TrafficFlowObserved:" + id, "TrafficFlowObserved")).token();
    }

    private static URI entity(String id) {
        return URI.create("urn:ngsi-ld:TrafficFlowObserved:" + id);
    }

    private Mqtt3AsyncClient v3(String user, String password) {
        return MqttClient.builder().useMqttVersion3().identifier("test-" + user).serverHost("127.0.0.1")
                .serverPort(broker.port()).simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildAsync();
    }

    private Mqtt5AsyncClient v5(String user, String password) {
        return MqttClient.builder().useMqttVersion5().identifier("test5-" + user).serverHost("127.0.0.1")
                .serverPort(broker.port()).simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildAsync();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWrongTokenIsRefusedAsNotAuthorizedInBothVersions() {
        register("mqtt-wrong-token");
        assertThatThrownBy(() -> await(v3("mqtt-wrong-token", "not-the-token").connect()))
                .hasCauseInstanceOf(Mqtt3ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt3ConnAckException) e.getCause()).getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> await(v5("nobody-at-all", "x").connect()))
                .hasCauseInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void aQos1PublishIsAcknowledgedOnceStoredAndARetryIsStoredOnce() throws Exception {
        String token = register("mqtt-loop-1");
        Mqtt3AsyncClient device = v3("mqtt-loop-1", token);
        await(device.connect());
        byte[] payload = bytes("{\"ts\": 1700000000000, \"values\": {\"intensity\": 12, \"averageVehicleSpeed\": 42.5}}");

        await(device.publishWith().topic("citybrain/devices/mqtt-loop-1/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send());
        // acknowledged means durable and applied: no waiting here
        assertThat(ingestor.current(entity("mqtt-loop-1"), TERMS.apply("averageVehicleSpeed"))).get()
                .satisfies(r -> assertThat(r.value()).contains("42.5"));

        await(device.publishWith().topic("citybrain/devices/mqtt-loop-1/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send());
        List<Reading> history = ingestor.history(entity("mqtt-loop-1"), TERMS.apply("intensity"), Instant.EPOCH, Instant.now());
        assertThat(history).hasSize(1);
        await(device.disconnect());
    }

    @Test
    void aBadPayloadIsNotAcknowledgedStoresNothingAndTheDeviceHearsWhy() throws Exception {
        String token = register("mqtt-loop-2");
        Mqtt3AsyncClient device = v3("mqtt-loop-2", token);
        await(device.connect());
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        await(device.subscribeWith().topicFilter("citybrain/devices/mqtt-loop-2/errors").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> errors.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).send());

        CompletableFuture<?> ack = device.publishWith().topic("citybrain/devices/mqtt-loop-2/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("[{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}, {\"ts\": \"yesterday\", \"values\": {\"spd\": 2}}]"))
                .send();

        String error = errors.poll(10, TimeUnit.SECONDS);
        assertThat(error).contains("\"jsonPath\":\"$[1].ts\"").contains("https://uri.etsi.org/ngsi-ld/errors/");
        assertThatThrownBy(() -> ack.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(ingestor.current(entity("mqtt-loop-2"))).isEmpty();
        device.disconnect();
    }

    @Test
    void anMqtt5DeviceGetsANegativeAcknowledgementForABadPayload() throws Exception {
        String token = register("mqtt-loop-3");
        Mqtt5AsyncClient device = v5("mqtt-loop-3", token);
        await(device.connect());
        Throwable error = await(device.publishWith().topic("citybrain/devices/mqtt-loop-3/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"values\": {\"spd\": 1}}")).send()
                .handle((result, e) -> e != null ? e : result.getError().orElse(null)));

        assertThat(error).isInstanceOf(Mqtt5PubAckException.class);
        var pubAck = ((Mqtt5PubAckException) error).getMqttMessage();
        assertThat(pubAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(pubAck.getReasonString()).get().asString().contains("$.ts");
        assertThat(ingestor.current(entity("mqtt-loop-3"))).isEmpty();
        // the connection stays usable
        await(device.publishWith().topic("citybrain/devices/mqtt-loop-3/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}")).send());
        assertThat(ingestor.current(entity("mqtt-loop-3"), TERMS.apply("spd"))).isPresent();
        await(device.disconnect());
    }

    @Test
    void publishingToAnotherDevicesTopicClosesTheConnectionAndStoresNothing() throws Exception {
        String token = register("mqtt-loop-4");
        register("mqtt-loop-5");
        Mqtt3AsyncClient device = v3("mqtt-loop-4", token);
        await(device.connect());
        CompletableFuture<?> ack = device.publishWith().topic("citybrain/devices/mqtt-loop-5/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}")).send();

        assertThatThrownBy(() -> await(ack)).isInstanceOf(ExecutionException.class);
        assertThat(device.getState().isConnected()).isFalse();
        assertThat(ingestor.current(entity("mqtt-loop-5"))).isEmpty();
    }

    @Test
    void aDeviceMayNotSubscribeToAnotherDevicesTopics() throws Exception {
        String token = register("mqtt-loop-6");
        Mqtt3AsyncClient device = v3("mqtt-loop-6", token);
        await(device.connect());
        assertThatThrownBy(() -> await(device.subscribeWith().topicFilter("citybrain/devices/+/errors").qos(MqttQos.AT_LEAST_ONCE).send()))
                .hasCauseInstanceOf(Mqtt3SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt3SubAckException) e.getCause()).getMqttMessage().getReturnCodes())
                        .containsExactly(Mqtt3SubAckReturnCode.FAILURE));
        await(device.disconnect());
    }

    @Test
    void aUserSubscribesWithWildcardsAndReceivesWhatTheServerPublishes() throws Exception {
        String token = users.add(new User("mqtt-viewer", Role.VIEWER)).token();
        Mqtt5AsyncClient app = v5("mqtt-viewer", token);
        await(app.connect());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        var subAck = await(app.subscribeWith()
                .addSubscription().topicFilter("citybrain/notifications/+/speed").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("citybrain/alerts/#").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .callback(p -> received.add(p.getTopic() + " " + p.getQos() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send());
        assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.GRANTED_QOS_0);
        assertThatThrownBy(() -> await(app.subscribeWith().topicFilter("$share/apps/citybrain/alerts/#").send()))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED));

        publisher.publish("citybrain/notifications/road-1/flow", bytes("not for this app"), MqttPublisher.Qos.AT_LEAST_ONCE);
        publisher.publish("citybrain/notifications/road-1/speed", bytes("48.5"), MqttPublisher.Qos.AT_LEAST_ONCE);
        publisher.publish("citybrain/alerts/district/3", bytes("jam"), MqttPublisher.Qos.AT_LEAST_ONCE);

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("citybrain/notifications/road-1/speed AT_LEAST_ONCE 48.5");
        // QoS is the lower of the publish's and the subscription's
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("citybrain/alerts/district/3 AT_MOST_ONCE jam");
        await(app.unsubscribeWith().topicFilter("citybrain/alerts/#").send());
        publisher.publish("citybrain/alerts/district/4", bytes("after unsubscribe"), MqttPublisher.Qos.AT_LEAST_ONCE);
        publisher.publish("citybrain/notifications/road-2/speed", bytes("50"), MqttPublisher.Qos.AT_MOST_ONCE);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("citybrain/notifications/road-2/speed AT_MOST_ONCE 50");
        assertThat(received).isEmpty();
        await(app.disconnect());
    }

    @Test
    void aUserMayNotPublishTelemetry() throws Exception {
        register("mqtt-loop-7");
        String token = users.add(new User("mqtt-operator", Role.OPERATOR)).token();
        Mqtt3AsyncClient app = v3("mqtt-operator", token);
        await(app.connect());
        CompletableFuture<?> ack = app.publishWith().topic("citybrain/devices/mqtt-loop-7/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}")).send();
        assertThatThrownBy(() -> await(ack)).isInstanceOf(ExecutionException.class);
        assertThat(ingestor.current(entity("mqtt-loop-7"))).isEmpty();
    }

    @Test
    void acknowledgementsLeaveInTheOrderPublishesArrivedAndSkipRefusedOnes() throws Exception {
        String token = register("mqtt-loop-8");
        try (RawMqttClient raw = RawMqttClient.connect(broker.port(), "mqtt-loop-8", token, 60)) {
            List<Integer> expected = new java.util.ArrayList<>();
            for (int id = 1; id <= 400; id++) {
                boolean bad = id % 7 == 0;
                String payload = bad ? "{\"ts\": \"soon\", \"values\": {\"n\": 1}}"
                        : "{\"ts\": " + (1700000000000L + id) + ", \"values\": {\"n\": " + id + "}}";
                raw.publishQos1("citybrain/devices/mqtt-loop-8/telemetry", id, bytes(payload));
                if (!bad) {
                    expected.add(id);
                }
            }
            raw.flush();
            List<Integer> acks = raw.readPubAcks(expected.size(), 20_000);
            assertThat(acks).containsExactlyElementsOf(expected);
        }
        assertThat(ingestor.history(entity("mqtt-loop-8"), TERMS.apply("n"), Instant.EPOCH, Instant.now())).hasSize(343);
    }

    @Test
    void aSilentClientIsClosedAfterOneAndAHalfKeepAlivePeriods() throws Exception {
        String token = register("mqtt-loop-9");
        try (RawMqttClient raw = RawMqttClient.connect(broker.port(), "mqtt-loop-9", token, 1)) {
            long start = System.nanoTime();
            assertThat(raw.awaitClosed(5_000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1_000L, 4_000L);
        }
    }

    @Test
    void aPacketOverTheSizeLimitClosesTheConnectionAndStoresNothing() throws Exception {
        String token = register("mqtt-loop-10");
        try (RawMqttClient raw = RawMqttClient.connect(broker.port(), "mqtt-loop-10", token, 60)) {
            raw.publishQos1("citybrain/devices/mqtt-loop-10/telemetry", 1,
                    bytes("{\"ts\": 1700000000000, \"values\": {\"note\": \"" + "x".repeat(9000) + "\"}}"));
            raw.flush();
            assertThat(raw.awaitClosed(5_000)).isTrue();
        }
        assertThat(ingestor.current(entity("mqtt-loop-10"))).isEmpty();
    }
}
