package org.citybrain.server.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MQTT settings, under {@code citybrain.mqtt.*} (environment: {@code CITYBRAIN_MQTT_*}). Every
 * default is here and in docs/server.md.
 *
 * @param enabled          whether the server speaks MQTT at all (default true)
 * @param mode             {@code embedded} (default): the server is the broker; {@code external}:
 *                         the server is a client of a broker such as Mosquitto
 * @param port             embedded: the TCP port (default 1883; 0 picks a free one, logged and
 *                         given by {@link EmbeddedBroker#port()})
 * @param bindAddress      embedded: the address to listen on (default all interfaces)
 * @param maxMessageBytes  embedded: the largest MQTT packet accepted, topic and payload included
 *                         (default 1 MiB + 1 KiB, so that a payload at the telemetry limit fits);
 *                         a larger one closes the connection
 * @param maxInflight      embedded: publishes of one connection received but not yet durable;
 *                         past it the server stops reading that connection until some are
 *                         (default 256; MQTT 5 clients are told it as Receive Maximum)
 * @param ingestThreads    threads that authenticate and parse payloads and queue their readings;
 *                         they do not wait for the fsync, so a few keep the log busy (default 4)
 * @param connectTimeout   embedded: time from TCP connect to the MQTT CONNECT (default 10 s)
 * @param url              external: the broker, {@code tcp://host:port} or {@code ssl://host:port}
 * @param username         external: the server's user name at the broker
 * @param password         external: its password
 * @param clientId         external: the server's client id, which names its persistent session
 *                         (default {@code citybrain-server})
 * @param sessionExpiry    external: how long the broker keeps the session (and queues telemetry)
 *                         while the server is away (default 7 days)
 */
@ConfigurationProperties("citybrain.mqtt")
public record MqttSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("embedded") Mode mode,
        @DefaultValue("1883") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("1049600") int maxMessageBytes,
        @DefaultValue("256") int maxInflight,
        @DefaultValue("4") int ingestThreads,
        @DefaultValue("10s") Duration connectTimeout,
        Optional<URI> url,
        Optional<String> username,
        Optional<String> password,
        @DefaultValue("citybrain-server") String clientId,
        @DefaultValue("7d") Duration sessionExpiry) {

    /** Where the MQTT endpoint is. */
    public enum Mode {
        /** The server is the broker. */
        EMBEDDED,
        /** The server is a client of an external broker. */
        EXTERNAL
    }

    public MqttSettings {
        Objects.requireNonNull(mode, "citybrain.mqtt.mode");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("citybrain.mqtt.port must be 0..65535: " + port);
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 268_435_455) {
            throw new IllegalArgumentException("citybrain.mqtt.max-message-bytes must be 1024..268435455: " + maxMessageBytes);
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("citybrain.mqtt.max-inflight must be 1..65535: " + maxInflight);
        }
        if (ingestThreads < 1) {
            throw new IllegalArgumentException("citybrain.mqtt.ingest-threads must be positive: " + ingestThreads);
        }
        url = url == null ? Optional.empty() : url;
        username = username == null ? Optional.empty() : username.filter(u -> !u.isEmpty());
        password = password == null ? Optional.empty() : password;
        if (enabled && mode == Mode.EXTERNAL) {
            URI u = url.orElseThrow(() -> new IllegalArgumentException(
                    "citybrain.mqtt.mode=external needs citybrain.mqtt.url (tcp://host:1883)"));
            if (!"tcp".equals(u.getScheme()) && !"ssl".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("citybrain.mqtt.url must be tcp://host:port or ssl://host:port: " + u);
            }
        }
        if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("citybrain.mqtt.session-expiry out of range: " + sessionExpiry);
        }
    }
}
