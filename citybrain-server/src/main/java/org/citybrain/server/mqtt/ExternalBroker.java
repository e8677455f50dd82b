package org.citybrain.server.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.citybrain.server.mqtt.TelemetryIngestion.Failed;
import org.citybrain.server.mqtt.TelemetryIngestion.Outcome;
import org.citybrain.server.mqtt.TelemetryIngestion.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The server as a client of an external broker (Mosquitto in production): it subscribes to
 * {@code citybrain/devices/+/telemetry} at QoS 1 in a persistent MQTT 5 session and acknowledges
 * each message to the broker only after {@link org.citybrain.hub.ingest.Ingestor#acceptFrom} made
 * it durable, in the order messages arrived. Whatever was not acknowledged when the server died,
 * and whatever devices sent while it was away (up to the broker's queue limits), the broker
 * delivers again when it reconnects.
 *
 * <p>The broker authenticates devices and must let each publish only to its own topic (docs/server.md
 * has a Mosquitto password file and ACL); the server trusts the topic's device id and checks only
 * that the device is registered. A refused payload is acknowledged (so that the broker does not
 * deliver it forever) and the error is published on the device's errors topic. A payload that could
 * not be made durable is not acknowledged: acknowledgements stop there, and the broker delivers it
 * and everything after it again on the next connection.
 */
public final class ExternalBroker implements SmartLifecycle, MqttPublisher {
    private static final Logger log = LoggerFactory.getLogger(ExternalBroker.class);

    private final MqttSettings settings;
    private final TelemetryIngestion ingestion;
    private final Mqtt5AsyncClient client;
    /** Messages in arrival order until acknowledged in that order; guarded by itself. */
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    private volatile boolean running;

    /** A message from the broker and what became of it; {@code outcome} guarded by the queue. */
    private static final class Delivery {
        final Mqtt5Publish publish;
        Outcome outcome;

        Delivery(Mqtt5Publish publish) {
            this.publish = publish;
        }
    }

    ExternalBroker(MqttSettings settings, TelemetryIngestion ingestion) {
        this.settings = settings;
        this.ingestion = ingestion;
        URI url = settings.url().orElseThrow();
        MqttClientBuilder builder = MqttClient.builder().identifier(settings.clientId()).serverHost(url.getHost())
                .serverPort(url.getPort() > 0 ? url.getPort() : "ssl".equals(url.getScheme()) ? 8883 : 1883)
                .automaticReconnect().initialDelay(1, TimeUnit.SECONDS).maxDelay(30, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(c -> subscribe())
                .addDisconnectedListener(c -> {
                    if (running) {
                        log.warn("disconnected from the MQTT broker {}: {}; reconnecting", url, String.valueOf(c.getCause()));
                    }
                });
        if ("ssl".equals(url.getScheme())) {
            builder = builder.sslWithDefaultConfig();
        }
        Mqtt5ClientBuilder v5 = builder.useMqttVersion5();
        if (settings.username().isPresent()) {
            v5 = v5.simpleAuth().username(settings.username().get())
                    .password(settings.password().orElse("").getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        this.client = v5.buildAsync();
        // registered before connecting: a resumed session delivers at once
        client.publishes(MqttGlobalPublishFilter.ALL, this::received, true);
    }

    @Override
    public void start() {
        running = true;
        try {
            client.connectWith().cleanStart(false).sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                    .keepAlive(30).send().get(10, TimeUnit.SECONDS);
            log.info("MQTT: client of the broker {} as '{}' (persistent session; telemetry from {})",
                    settings.url().orElseThrow(), settings.clientId(), Topics.ALL_TELEMETRY);
        } catch (Exception e) {
            // the client keeps trying; the server is useful without MQTT meanwhile
            log.warn("MQTT: cannot reach the broker {} yet ({}); retrying in the background",
                    settings.url().orElseThrow(), String.valueOf(e.getCause() != null ? e.getCause() : e));
        }
    }

    private void subscribe() {
        client.subscribeWith().topicFilter(Topics.ALL_TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).send().whenComplete((ack, e) -> {
            if (e != null) {
                log.error("MQTT: cannot subscribe to {} at the broker", Topics.ALL_TELEMETRY, e);
            }
        });
    }

    private void received(Mqtt5Publish publish) {
        Delivery delivery = new Delivery(publish);
        synchronized (deliveries) {
            deliveries.addLast(delivery);
        }
        String topic = publish.getTopic().toString();
        Optional<String> device = Topics.telemetryDevice(topic);
        if (device.isEmpty()) {
            log.warn("MQTT: a message on '{}' is not telemetry; dropped", topic);
            completed(delivery, null, new Refused(false, new byte[0], "not a telemetry topic"));
            return;
        }
        ingestion.ingest(device.get(), Optional.empty(), publish.getPayloadAsBytes())
                .thenAccept(outcome -> completed(delivery, device.get(), outcome));
    }

    private void completed(Delivery delivery, String deviceId, Outcome outcome) {
        if (outcome instanceof Refused refused && deviceId != null) {
            log.debug("MQTT: telemetry of device {} refused: {}", deviceId, refused.reason());
            publish(Topics.errors(deviceId), refused.error(), Qos.AT_MOST_ONCE);
        }
        synchronized (deliveries) {
            delivery.outcome = outcome;
            while (!deliveries.isEmpty() && deliveries.peekFirst().outcome != null) {
                if (deliveries.peekFirst().outcome instanceof Failed) {
                    // never acknowledge past a payload that is not durable: the broker sends it again
                    return;
                }
                deliveries.pollFirst().publish.acknowledge();
            }
        }
    }

    @Override
    public void publish(String topic, byte[] payload, Qos qos) {
        if (!TopicFilter.isValidTopicName(topic)) {
            throw new IllegalArgumentException("not a topic name: '" + topic + "'");
        }
        client.publishWith().topic(topic).qos(qos == Qos.AT_LEAST_ONCE ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE)
                .payload(payload).send().whenComplete((result, e) -> {
                    if (e != null) {
                        log.debug("MQTT: publish to {} failed: {}", topic, String.valueOf(e));
                    }
                });
    }

    /** Lets the payloads in hand become durable and be acknowledged, then leaves the session to the broker. */
    @Override
    public void stop() {
        running = false;
        ingestion.close();
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("MQTT: disconnect: {}", String.valueOf(e));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
