package org.citybrain.server.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The MQTT broker the server embeds (MQTT 3.1.1 and 5 over TCP, on Netty's codec): devices
 * publish telemetry, applications subscribe, the server publishes. Started and stopped with the
 * server; its port is {@link #port()}.
 *
 * <p>What it is: QoS 0 and 1 (QoS 2 is refused), clean sessions only (a session ends with its
 * connection; a CONNECT asking for a persistent one gets "session present: false"), no retained
 * and no will messages, no shared subscriptions. A QoS 1 telemetry publish is acknowledged only
 * once its readings are durable, in the order publishes arrived. docs/server.md says the rest.
 */
public final class EmbeddedBroker implements SmartLifecycle, MqttPublisher {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String IDLE = "idle";

    private final MqttSettings settings;
    private final TelemetryIngestion ingestion;
    private final MqttClientIdentity.Authenticator authenticator;
    private final Subscriptions<MqttConnection> subscriptions = new Subscriptions<>();
    private final Map<String, MqttConnection> clients = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter dropped;
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private volatile Channel server;
    private volatile int port = -1;

    EmbeddedBroker(MqttSettings settings, TelemetryIngestion ingestion, MqttClientIdentity.Authenticator authenticator,
            MeterRegistry meters) {
        this.settings = settings;
        this.ingestion = ingestion;
        this.authenticator = authenticator;
        this.dropped = Counter.builder("citybrain.mqtt.dropped")
                .description("server publishes not delivered because a subscriber could not take more").register(meters);
        Gauge.builder("citybrain.mqtt.connections", connections, AtomicInteger::get).description("open MQTT connections")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        acceptor = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()));
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, io).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(IDLE, new IdleStateHandler(settings.connectTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("decoder", new MqttDecoder(settings.maxMessageBytes(), 1024))
                                .addLast("encoder", MqttEncoder.INSTANCE)
                                .addLast("mqtt", new MqttConnection(EmbeddedBroker.this));
                    }
                });
        try {
            server = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the checked BindException as it is
            shutdownGroups();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new PortInUseException(settings.port(), e);
            }
            throw new IllegalStateException("cannot start the MQTT broker: " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("MQTT broker listening on {}:{} (MQTT 3.1.1 and 5; telemetry to citybrain/devices/<id>/telemetry)",
                settings.bindAddress(), port);
    }

    /**
     * Stops accepting, closes every connection, then lets the telemetry in hand reach the log;
     * publishes whose acknowledgement could not be sent come again from their devices.
     */
    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.close().syncUninterruptibly();
        server = null;
        clients.values().forEach(MqttConnection::shutdown);
        ingestion.close();
        shutdownGroups();
        log.info("MQTT broker stopped");
    }

    private void shutdownGroups() {
        if (io != null) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port it listens on (the actual one when configured with 0); -1 before start. */
    public int port() {
        return port;
    }

    @Override
    public void publish(String topic, byte[] payload, Qos qos) {
        if (!TopicFilter.isValidTopicName(topic)) {
            throw new IllegalArgumentException("not a topic name: '" + topic + "'");
        }
        subscriptions.forEachMatch(topic, (connection, granted) -> {
            int q = Math.min(granted, qos.level());
            connection.executor().execute(() -> connection.deliver(topic, payload, q));
        });
    }

    MqttSettings settings() {
        return settings;
    }

    TelemetryIngestion ingestion() {
        return ingestion;
    }

    MqttClientIdentity.Authenticator authenticator() {
        return authenticator;
    }

    Subscriptions<MqttConnection> subscriptions() {
        return subscriptions;
    }

    void opened() {
        connections.incrementAndGet();
    }

    /** A connection is accepted under {@code clientId}: one with the same id before it is closed (MQTT's takeover). */
    void register(String clientId, MqttConnection connection) {
        MqttConnection previous = clients.put(clientId, connection);
        if (previous != null && previous != connection) {
            previous.takenOver();
        }
    }

    void closed(String clientId, MqttConnection connection) {
        connections.decrementAndGet();
        if (clientId != null) {
            clients.remove(clientId, connection);
        }
        subscriptions.removeAll(connection);
    }

    void dropped() {
        dropped.increment();
    }

    /** The broker's port is taken (another broker, another server): a start-up failure the user can fix. */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortInUseException(int port, Throwable cause) {
            super("MQTT port " + port + " is already in use; choose another with citybrain.mqtt.port (0 picks a free one) "
                    + "or turn MQTT off with citybrain.mqtt.enabled=false", cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
