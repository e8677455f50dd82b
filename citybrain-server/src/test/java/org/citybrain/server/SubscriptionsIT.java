package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.citybrain.server.mqtt.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * NGSI-LD subscriptions over HTTP (ETSI GS CIM 009, 5.8, 6.10–6.11) and their notifications (5.3,
 * HTTP and MQTT bindings), one test per rule, named after it. Notifications go to a
 * {@link NotificationReceiver} in the test, or to a real MQTT client of the embedded broker.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + SubscriptionsIT.ADMIN, "citybrain.notifications.retries=1",
            "citybrain.notifications.backoff=100ms", "citybrain.notifications.timeout=2s"})
class SubscriptionsIT {
    static final String ADMIN = "admin-token-for-subscription-tests";
    static final Path data = TestData.newDirectory();
    static final String TRANSPORTATION = NgsiLdApiIT.TRANSPORTATION;
    static final String LINK = NgsiLdApiIT.LINK;
    static final String V1 = NgsiLdApiIT.V1;
    static final NotificationReceiver receiver = new NotificationReceiver();

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedBroker broker;
    ServerClient client;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", () -> data.toString());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void client() {
        client = new ServerClient(port);
    }

    private ServerClient.Response post(String path, String body) {
        return client.send("POST", V1 + path, ADMIN, body, "application/json", Map.of("Link", LINK));
    }

    private ServerClient.Response patch(String path, String body) {
        ServerClient.Response r = client.send("PATCH", V1 + path, ADMIN, body, "application/json", Map.of("Link", LINK));
        assertThat(r.status()).as(r.body()).isLessThan(300);
        return r;
    }

    private void setSpeed(String entity, double speed) {
        patch("/entities/urn:ngsi-ld:TrafficFlowObserved:" + entity + "/attrs",
                "{\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":" + speed + "}}");
    }

    private void createEntity(String body) {
        ServerClient.Response r = post("/entities", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private ServerClient.Response get(String path) {
        return client.send("GET", V1 + path, ADMIN, null, null, Map.of("Link", LINK));
    }

    /** A TrafficFlowObserved (named by the Transportation context) with a speed and an intensity. */
    private static String flow(String id, double speed, int intensity) {
        return "{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + id + "\",\"type\":\"TrafficFlowObserved\","
                + "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":" + speed + "},"
                + "\"intensity\":{\"type\":\"Property\",\"value\":" + intensity + "},"
                + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[-4.7,41.6]}}}";
    }

    /** A subscription to one entity of TrafficFlowObserved with {@code extra} members, notifying {@code endpoint}. */
    private static String subscription(String id, String entity, String endpoint, String extra) {
        return "{\"id\":\"urn:ngsi-ld:Subscription:" + id + "\",\"type\":\"Subscription\","
                + "\"entities\":[{\"type\":\"TrafficFlowObserved\",\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + entity + "\"}],"
                + "\"notification\":{\"endpoint\":{\"uri\":\"" + endpoint + "\"}}" + extra + "}";
    }

    private void subscribe(String body) {
        ServerClient.Response r = post("/subscriptions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static double speed(NotificationReceiver.Received n) {
        return n.body().get("data").get(0).get("averageVehicleSpeed").get("value").asDouble();
    }

    // ------------------------------------------------------------------ the API

    @Test
    void createSubscriptionAnswers201WithItsLocationAndRetrieveShowsItWithItsStatus() {
        ServerClient.Response r = post("/subscriptions", subscription("api-1", "api-1", receiver.url("api-1"),
                ",\"watchedAttributes\":[\"averageVehicleSpeed\"],\"throttling\":5"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Location")).hasValue(V1 + "/subscriptions/urn:ngsi-ld:Subscription:api-1");
        JsonNode s = get("/subscriptions/urn:ngsi-ld:Subscription:api-1").json();
        assertThat(s.get("type").asText()).isEqualTo("Subscription");
        assertThat(s.get("entities").get(0).get("type").asText()).isEqualTo("TrafficFlowObserved");
        assertThat(s.get("watchedAttributes").get(0).asText()).as("compacted with the request's context").isEqualTo("averageVehicleSpeed");
        assertThat(s.get("throttling").asInt()).isEqualTo(5);
        assertThat(s.get("status").asText()).isEqualTo("active");
        assertThat(s.get("isActive").asBoolean()).isTrue();
        assertThat(s.get("notification").get("timesSent").asInt()).isZero();
        assertThat(s.get("notification").get("status").asText()).isEqualTo("ok");
        assertThat(s.get("notification").get("format").asText()).isEqualTo("normalized");
    }

    @Test
    void aSubscriptionWithoutIdGetsOne() {
        ServerClient.Response r = post("/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Streetlight\"}],"
                + "\"notification\":{\"endpoint\":{\"uri\":\"" + receiver.url("generated") + "\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String location = r.header("Location").orElseThrow();
        assertThat(location).startsWith(V1 + "/subscriptions/urn:ngsi-ld:Subscription:");
        assertThat(client.send("GET", location, ADMIN, null).status()).isEqualTo(200);
    }

    @Test
    void creatingAnExistingSubscriptionIsAlreadyExists() {
        subscribe(subscription("dup-1", "dup-1", receiver.url("dup-1"), ""));
        ServerClient.Response r = post("/subscriptions", subscription("dup-1", "dup-1", receiver.url("dup-1"), ""));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
    }

    @Test
    void invalidSubscriptionsAreBadRequestDataWithTheJsonPath() {
        String endpoint = receiver.url("invalid");
        Map<String, String> cases = Map.of(
                "{\"type\":\"Subscription\",\"notification\":{\"endpoint\":{\"uri\":\"" + endpoint + "\"}}}", "$",
                subscription("bad-q", "x", endpoint, ",\"q\":\"speed>\""), "$.q",
                subscription("bad-uri", "x", "not a uri", ""), "$.notification.endpoint.uri",
                subscription("bad-scheme", "x", "ftp://example.org/x", ""), "$.notification.endpoint.uri",
                subscription("bad-expiry", "x", endpoint, ",\"expiresAt\":\"2001-01-01T00:00:00Z\""), "$.expiresAt",
                subscription("bad-throttling", "x", endpoint, ",\"throttling\":-1"), "$.throttling",
                "{\"type\":\"Subscription\",\"entities\":[{\"id\":\"urn:x:1\"}],\"notification\":{\"endpoint\":{\"uri\":\""
                        + endpoint + "\"}}}", "$.entities[0].type",
                subscription("bad-format", "x", endpoint, "").replace("\"endpoint\"", "\"format\":\"concise\",\"endpoint\""),
                "$.notification.format",
                subscription("bad-geo", "x", endpoint, ",\"geoQ\":{\"georel\":\"near\",\"geometry\":\"Point\",\"coordinates\":[1,2]}"),
                "$.geoQ.georel");
        cases.forEach((body, path) -> {
            ServerClient.Response r = post("/subscriptions", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("type").asText()).as(body).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
            assertThat(r.json().get("jsonPath").asText()).as(r.body()).isEqualTo(path);
        });
        assertThat(get("/subscriptions/urn:ngsi-ld:Subscription:bad-q").status()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void periodicNotificationIsOperationNotSupported() {
        ServerClient.Response r = post("/subscriptions", subscription("periodic", "x", receiver.url("periodic"),
                ",\"timeInterval\":60"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.timeInterval");
    }

    @Test
    void listSubscriptionsPagesWithLimitAndOffset() {
        for (int i = 0; i < 3; i++) {
            subscribe(subscription("page-" + i, "page", receiver.url("page"), ""));
        }
        List<String> ids = new ArrayList<>();
        get("/subscriptions?limit=1000").json().forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).isSorted().contains("urn:ngsi-ld:Subscription:page-0", "urn:ngsi-ld:Subscription:page-2");
        ServerClient.Response page = get("/subscriptions?limit=2&offset=1&count=true");
        assertThat(page.json()).hasSize(2);
        assertThat(page.json().get(0).get("id").asText()).isEqualTo(ids.get(1));
        assertThat(page.header("NGSILD-Results-Count")).hasValue(Integer.toString(ids.size()));
    }

    @Test
    void patchReplacesTheGivenMembersOnly() {
        subscribe(subscription("patch-1", "patch-1", receiver.url("patch-1"), ",\"q\":\"intensity>5\""));
        ServerClient.Response r = patch("/subscriptions/urn:ngsi-ld:Subscription:patch-1",
                "{\"throttling\":7,\"notification\":{\"format\":\"keyValues\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode s = get("/subscriptions/urn:ngsi-ld:Subscription:patch-1").json();
        assertThat(s.get("throttling").asInt()).isEqualTo(7);
        assertThat(s.get("notification").get("format").asText()).isEqualTo("keyValues");
        assertThat(s.get("notification").get("endpoint").get("uri").asText()).isEqualTo(receiver.url("patch-1"));
        assertThat(s.get("q").asText()).isEqualTo("intensity>5");
        assertThat(client.send("PATCH", V1 + "/subscriptions/urn:ngsi-ld:Subscription:nobody", ADMIN, "{\"throttling\":1}").status())
                .isEqualTo(404);
    }

    @Test
    void deleteRemovesTheSubscriptionAndItsNotifications() {
        subscribe(subscription("delete-1", "delete-1", receiver.url("delete-1"), ""));
        assertThat(client.send("DELETE", V1 + "/subscriptions/urn:ngsi-ld:Subscription:delete-1", ADMIN, null).status())
                .isEqualTo(204);
        assertThat(get("/subscriptions/urn:ngsi-ld:Subscription:delete-1").status()).isEqualTo(404);
        createEntity(flow("delete-1", 10, 1));
        assertThat(receiver.next("delete-1", 1)).isNull();
    }

    // ------------------------------------------------------------------ notifications

    @Test
    void creatingAMatchingEntityNotifiesWithOnlyTheAskedAttributesCompacted() {
        subscribe(subscription("created-1", "created-1", receiver.url("created-1"),
                "").replace("\"endpoint\"", "\"attributes\":[\"averageVehicleSpeed\"],\"endpoint\""));
        createEntity(flow("created-1", 42, 7));
        NotificationReceiver.Received n = receiver.next("created-1", 10);
        assertThat(n).as("notified").isNotNull();
        assertThat(n.body().get("type").asText()).isEqualTo("Notification");
        assertThat(n.body().get("id").asText()).startsWith("urn:ngsi-ld:Notification:");
        assertThat(n.body().get("subscriptionId").asText()).isEqualTo("urn:ngsi-ld:Subscription:created-1");
        assertThat(Instant.parse(n.body().get("notifiedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        JsonNode entity = n.body().get("data").get(0);
        assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:TrafficFlowObserved:created-1");
        assertThat(entity.get("type").asText()).isEqualTo("TrafficFlowObserved");
        assertThat(entity.get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(42);
        assertThat(entity.has("intensity")).as("not asked for").isFalse();
        assertThat(n.header("Content-Type")).startsWith("application/json");
        assertThat(n.header("Link")).contains(TRANSPORTATION);
    }

    @Test
    void ldJsonNotificationsInKeyValuesCarryTheContextInTheBody() {
        subscribe(subscription("ld-1", "ld-1", receiver.url("ld-1"), "").replace("\"endpoint\":{",
                "\"format\":\"keyValues\",\"endpoint\":{\"accept\":\"application/ld+json\","));
        createEntity(flow("ld-1", 12, 3));
        NotificationReceiver.Received n = receiver.next("ld-1", 10);
        assertThat(n).isNotNull();
        assertThat(n.header("Content-Type")).startsWith("application/ld+json");
        assertThat(n.body().get("@context").toString()).contains(TRANSPORTATION);
        assertThat(n.body().get("data").get(0).get("averageVehicleSpeed").asDouble()).isEqualTo(12);
    }

    @Test
    void watchedAttributesNotifyOnlyChangesOfThoseAttributes() {
        createEntity(flow("watched-1", 30, 1));
        subscribe(subscription("watched-1", "watched-1", receiver.url("watched-1"), ",\"watchedAttributes\":[\"averageVehicleSpeed\"]"));
        patch("/entities/urn:ngsi-ld:TrafficFlowObserved:watched-1/attrs", "{\"intensity\":{\"type\":\"Property\",\"value\":2}}");
        assertThat(receiver.next("watched-1", 1)).as("intensity is not watched").isNull();
        setSpeed("watched-1", 31);
        NotificationReceiver.Received n = receiver.next("watched-1", 10);
        assertThat(n).isNotNull();
        assertThat(speed(n)).isEqualTo(31);
    }

    @Test
    void qFiltersTheNotifiedEntities() {
        createEntity(flow("q-1", 30, 1));
        subscribe(subscription("q-1", "q-1", receiver.url("q-1"), ",\"q\":\"averageVehicleSpeed>50\""));
        setSpeed("q-1", 40);
        assertThat(receiver.next("q-1", 1)).as("40 is not > 50").isNull();
        setSpeed("q-1", 60);
        NotificationReceiver.Received n = receiver.next("q-1", 10);
        assertThat(n).isNotNull();
        assertThat(speed(n)).isEqualTo(60);
    }

    @Test
    void throttlingSpacesNotificationsAndTheLaterOneCarriesTheLatestState() {
        subscribe(subscription("throttle-1", "throttle-1", receiver.url("throttle-1"), ",\"throttling\":1.5"));
        createEntity(flow("throttle-1", 1, 1));
        NotificationReceiver.Received first = receiver.next("throttle-1", 10);
        assertThat(first).isNotNull();
        for (int v = 2; v <= 4; v++) {
            setSpeed("throttle-1", v);
        }
        NotificationReceiver.Received second = receiver.next("throttle-1", 10);
        assertThat(second).isNotNull();
        assertThat(second.nanos() - first.nanos()).as("at least the throttling apart").isGreaterThanOrEqualTo(1_500_000_000L);
        assertThat(speed(second)).as("the three updates coalesced into one notification").isEqualTo(4);
        assertThat(receiver.next("throttle-1", 2)).isNull();
    }

    @Test
    void aPausedSubscriptionDoesNotNotifyUntilActiveAgain() {
        subscribe(subscription("paused-1", "paused-1", receiver.url("paused-1"), ",\"isActive\":false"));
        assertThat(get("/subscriptions/urn:ngsi-ld:Subscription:paused-1").json().get("status").asText()).isEqualTo("paused");
        createEntity(flow("paused-1", 5, 1));
        assertThat(receiver.next("paused-1", 1)).isNull();
        patch("/subscriptions/urn:ngsi-ld:Subscription:paused-1", "{\"isActive\":true}");
        setSpeed("paused-1", 6);
        assertThat(receiver.next("paused-1", 10)).isNotNull();
    }

    @Test
    void anExpiredSubscriptionDoesNotNotify() throws Exception {
        Instant expiry = Instant.now().plusMillis(1500);
        subscribe(subscription("expired-1", "expired-1", receiver.url("expired-1"), ",\"expiresAt\":\"" + expiry + "\""));
        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 100);
        assertThat(get("/subscriptions/urn:ngsi-ld:Subscription:expired-1").json().get("status").asText()).isEqualTo("expired");
        createEntity(flow("expired-1", 5, 1));
        assertThat(receiver.next("expired-1", 1)).isNull();
    }

    @Test
    void aDevicesTelemetryNotifiesTheSubscribersOfItsEntity() {
        ServerClient.Response device = client.post("/api/devices", ADMIN, "{\"id\":\"sub-device-1\",\"entityId\":"
                + "\"urn:ngsi-ld:TrafficFlowObserved:telemetry-1\",\"entityType\":\"TrafficFlowObserved\",\"@context\":\""
                + TRANSPORTATION + "\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        String token = device.json().get("token").asText();
        subscribe(subscription("telemetry-1", "telemetry-1", receiver.url("telemetry-1"),
                ",\"watchedAttributes\":[\"averageVehicleSpeed\"]"));
        ServerClient.Response r = client.post("/api/devices/sub-device-1/telemetry", token,
                "{\"ts\":" + System.currentTimeMillis() + ",\"values\":{\"averageVehicleSpeed\":48.5}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        NotificationReceiver.Received n = receiver.next("telemetry-1", 10);
        assertThat(n).as("notified of the reading").isNotNull();
        assertThat(speed(n)).isEqualTo(48.5);
        assertThat(n.body().get("data").get(0).get("averageVehicleSpeed").has("observedAt")).isTrue();
    }

    @Test
    void aFailedNotificationIsRecordedInTheStatus() throws Exception {
        subscribe(subscription("fail-1", "fail-1", receiver.url("fail-1", true), ""));
        createEntity(flow("fail-1", 5, 1));
        JsonNode notification = null;
        for (int i = 0; i < 100; i++) {
            notification = get("/subscriptions/urn:ngsi-ld:Subscription:fail-1").json().get("notification");
            if (notification.get("timesFailed").asInt() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(notification.get("status").asText()).isEqualTo("failed");
        assertThat(notification.get("timesSent").asInt()).isEqualTo(1);
        assertThat(notification.get("timesFailed").asInt()).isEqualTo(1);
        assertThat(notification.has("lastFailure")).isTrue();
        assertThat(notification.has("lastSuccess")).isFalse();
    }

    @Test
    void mqttEndpointsArePublishedOnTheEmbeddedBroker() throws Exception {
        Mqtt3AsyncClient app = MqttClient.builder().useMqttVersion3().identifier("subscriptions-it").serverHost("127.0.0.1")
                .serverPort(broker.port()).simpleAuth().username("admin").password(ADMIN.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildAsync();
        app.connect().get(10, TimeUnit.SECONDS);
        BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();
        app.subscribeWith().topicFilter("apps/flows/#").qos(MqttQos.AT_LEAST_ONCE).callback(received::add).send()
                .get(10, TimeUnit.SECONDS);
        try {
            subscribe(subscription("mqtt-1", "mqtt-1", "mqtt://127.0.0.1:" + broker.port() + "/apps/flows/mqtt-1", ""));
            createEntity(flow("mqtt-1", 23, 1));
            Mqtt3Publish publish = received.poll(10, TimeUnit.SECONDS);
            assertThat(publish).as("published").isNotNull();
            assertThat(publish.getTopic().toString()).isEqualTo("apps/flows/mqtt-1");
            JsonNode envelope = client.json(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
            assertThat(envelope.get("metadata").get("Content-Type").asText()).isEqualTo("application/json");
            assertThat(envelope.get("metadata").get("Link").asText()).contains(TRANSPORTATION);
            JsonNode body = envelope.get("body");
            assertThat(body.get("subscriptionId").asText()).isEqualTo("urn:ngsi-ld:Subscription:mqtt-1");
            assertThat(body.get("data").get(0).get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(23);
        } finally {
            app.disconnect();
        }
    }

    @Test
    void mqttEndpointsOfOtherBrokersAreRefused() {
        ServerClient.Response r = post("/subscriptions", subscription("mqtt-2", "mqtt-2", "mqtt://broker.example.org:1883/x", ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.notification.endpoint.uri");
    }

    // ------------------------------------------------------------------ durability

    @Test
    void subscriptionsSurviveARestart() throws Exception {
        Path dir = TestData.newDirectory();
        String token = "admin-token-for-the-restart-test";
        String body = subscription("restart-1", "restart-1", receiver.url("restart-1"), ",\"q\":\"intensity>1\"");
        try (ConfigurableApplicationContext first = CityBrainServer.start(0, dir.toString(), "--citybrain.admin-token=" + token)) {
            ServerClient c = new ServerClient(((WebServerApplicationContext) first).getWebServer().getPort());
            assertThat(c.send("POST", V1 + "/subscriptions", token, body, "application/json", Map.of("Link", LINK)).status())
                    .isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = CityBrainServer.start(0, dir.toString(), "--citybrain.admin-token=" + token)) {
            ServerClient c = new ServerClient(((WebServerApplicationContext) second).getWebServer().getPort());
            JsonNode s = c.send("GET", V1 + "/subscriptions/urn:ngsi-ld:Subscription:restart-1", token, null, null,
                    Map.of("Link", LINK)).json();
            assertThat(s.get("q").asText()).isEqualTo("intensity>1");
            assertThat(s.get("entities").get(0).get("type").asText()).isEqualTo("TrafficFlowObserved");
            c.send("POST", V1 + "/entities", token, flow("restart-1", 9, 5), "application/json", Map.of("Link", LINK));
            NotificationReceiver.Received n = receiver.next("restart-1", 10);
            assertThat(n).as("the reopened subscription notifies").isNotNull();
            assertThat(speed(n)).isEqualTo(9);
        }
    }
}
