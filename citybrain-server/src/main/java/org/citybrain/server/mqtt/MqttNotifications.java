package org.citybrain.server.mqtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.citybrain.hub.subscription.Notification;
import org.citybrain.hub.subscription.NotificationTransport;

/**
 * Notifications to {@code mqtt://host:port/topic} endpoints (the NGSI-LD MQTT binding), published
 * through the server's own MQTT side ({@link MqttPublisher}) at QoS 1: the embedded broker, or in
 * external mode the broker the server is a client of. So the endpoint must name that broker: in
 * embedded mode a local address (loopback, an address of this machine, its host name or the bind
 * address) and the broker's port; in external mode the host and port of {@code citybrain.mqtt.url}.
 * Other brokers are refused when the subscription is written.
 *
 * <p>The payload is the binding's JSON envelope {@code {"metadata": {"Content-Type", "Link"?},
 * "body": notification}}. A publish succeeds once the broker has taken it; what reaches
 * subscribers is what MQTT promises (docs/server.md).
 */
public final class MqttNotifications implements NotificationTransport {
    private final MqttPublisher publisher;
    private final MqttSettings settings;
    private final IntSupplier port;

    private MqttNotifications(MqttPublisher publisher, MqttSettings settings, IntSupplier port) {
        this.publisher = publisher;
        this.settings = settings;
        this.port = port;
    }

    /** Notifications through {@code publisher}, the server's embedded or external broker. */
    public static MqttNotifications over(MqttPublisher publisher, MqttSettings settings) {
        IntSupplier port = publisher instanceof EmbeddedBroker embedded ? embedded::port : settings::port;
        return new MqttNotifications(publisher, settings, port);
    }

    @Override
    public boolean serves(String scheme) {
        return scheme.equals("mqtt");
    }

    @Override
    public void check(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            throw new IllegalArgumentException("an MQTT endpoint is mqtt://host:port/topic: " + endpoint);
        }
        topic(endpoint);
        int given = endpoint.getPort() > 0 ? endpoint.getPort() : 1883;
        if (settings.mode() == MqttSettings.Mode.EXTERNAL) {
            URI broker = settings.url().orElseThrow();
            int brokerPort = broker.getPort() > 0 ? broker.getPort() : 1883;
            if (!host.equalsIgnoreCase(broker.getHost()) || given != brokerPort) {
                throw new IllegalArgumentException("notifications over MQTT go to the server's broker "
                        + broker.getHost() + ":" + brokerPort + " only, not " + host + ":" + given);
            }
            return;
        }
        if (given != port.getAsInt() || !isLocal(host)) {
            throw new IllegalArgumentException("notifications over MQTT go to the server's embedded broker only "
                    + "(a local address, port " + port.getAsInt() + "), not " + host + ":" + given);
        }
    }

    @Override
    public CompletableFuture<Void> send(Notification notification) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = envelope.putObject("metadata");
        metadata.put("Content-Type", notification.contentType());
        notification.link().ifPresent(link -> metadata.put("Link", link));
        envelope.set("body", notification.body());
        publisher.publish(topic(notification.endpoint()), envelope.toString().getBytes(StandardCharsets.UTF_8),
                MqttPublisher.Qos.AT_LEAST_ONCE);
        return CompletableFuture.completedFuture(null);
    }

    private static String topic(URI endpoint) {
        String path = endpoint.getPath();
        String topic = path == null || path.isEmpty() ? "" : path.substring(1);
        if (!TopicFilter.isValidTopicName(topic)) {
            throw new IllegalArgumentException("the endpoint's path must be an MQTT topic without wildcards: " + endpoint);
        }
        return topic;
    }

    private boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equalsIgnoreCase(settings.bindAddress())) {
            return true;
        }
        try {
            if (h.equals(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT))) {
                return true;
            }
            boolean literal = h.startsWith("[") || h.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            if (!literal) {
                return false; // no DNS look-ups while a request waits
            }
            InetAddress address = InetAddress.getByName(h);
            return address.isLoopbackAddress() || address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
