package org.citybrain.server.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.citybrain.server.mqtt.MqttClientIdentity.DeviceClient;
import org.citybrain.server.mqtt.TelemetryIngestion.Failed;
import org.citybrain.server.mqtt.TelemetryIngestion.Outcome;
import org.citybrain.server.mqtt.TelemetryIngestion.Refused;
import org.citybrain.server.mqtt.TelemetryIngestion.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the embedded broker: the MQTT 3.1.1 / 5 session state machine.
 *
 * <p>Everything here runs on the connection's event-loop thread, so the state needs no locks.
 * Telemetry goes to {@link TelemetryIngestion}'s workers; their outcome comes back to this thread,
 * where acknowledgements leave strictly in the order the publishes arrived (MQTT 3.1.1 §4.6): a
 * PUBACK waits for every earlier publish of the connection to be durable or refused.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    /** Server-to-client QoS 1 messages not yet acknowledged, at most (fewer if the client says so). */
    private static final int MAX_OUTBOUND_INFLIGHT = 1000;

    private final EmbeddedBroker broker;
    private ChannelHandlerContext ctx;
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private String clientId;
    private MqttClientIdentity identity;
    private boolean connectSeen;

    /** Telemetry publishes in arrival order, until acknowledged (or refused) in that order. */
    private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();

    /** Packet ids of the server's QoS 1 publishes awaiting the client's PUBACK. */
    private final BitSet outboundIds = new BitSet(65536);
    private int outboundInflight;
    private int nextPacketId = 1;
    private int outboundLimit = MAX_OUTBOUND_INFLIGHT;

    /** A received telemetry publish; {@code packetId} is -1 for QoS 0. */
    private static final class Inbound {
        final int packetId;
        Outcome outcome;

        Inbound(int packetId) {
            this.packetId = packetId;
        }
    }

    MqttConnection(EmbeddedBroker broker) {
        this.broker = broker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        broker.opened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broker.closed(clientId, this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttMessage m = (MqttMessage) msg;
        try {
            if (m.decoderResult().isFailure()) {
                invalid(m.decoderResult().cause());
                return;
            }
            MqttMessageType type = m.fixedHeader().messageType();
            if (type == MqttMessageType.CONNECT) {
                connect((MqttConnectMessage) m);
                return;
            }
            if (identity == null) {
                log.debug("closing {}: {} before CONNECT", ctx.channel().remoteAddress(), type);
                ctx.close();
                return;
            }
            switch (type) {
                case PUBLISH -> publish((MqttPublishMessage) m);
                case PUBACK -> acknowledged(((MqttMessageIdVariableHeader) m.variableHeader()).messageId());
                case SUBSCRIBE -> subscribe((MqttSubscribeMessage) m);
                case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) m);
                case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
                case DISCONNECT -> ctx.close();
                default -> {
                    // QoS 2 flows (we grant at most QoS 1), AUTH, or server-to-client packets
                    log.debug("closing {}: unexpected {}", this, type);
                    disconnect(MqttReasonCodes.Disconnect.PROTOCOL_ERROR);
                }
            }
        } finally {
            ReferenceCountUtil.release(m);
        }
    }

    private void invalid(Throwable cause) {
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "unsupported protocol version");
        } else if (cause instanceof MqttIdentifierRejectedException) {
            refuse(version == MqttVersion.MQTT_5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client identifier rejected");
        } else if (cause instanceof TooLongFrameException) {
            log.warn("closing {}: a packet larger than citybrain.mqtt.max-message-bytes ({})", describe(), broker.settings().maxMessageBytes());
            disconnect(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE);
        } else {
            log.debug("closing {}: malformed packet: {}", describe(), String.valueOf(cause));
            disconnect(MqttReasonCodes.Disconnect.MALFORMED_PACKET);
        }
    }

    private void connect(MqttConnectMessage m) {
        if (connectSeen) {
            log.debug("closing {}: a second CONNECT", this);
            disconnect(MqttReasonCodes.Disconnect.PROTOCOL_ERROR);
            return;
        }
        connectSeen = true;
        var header = m.variableHeader();
        version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        boolean v5 = version == MqttVersion.MQTT_5;
        String id = m.payload().clientIdentifier();
        boolean assigned = false;
        if (id == null || id.isEmpty()) {
            if (!header.isCleanSession() && !v5) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "an empty client id needs a clean session");
                return;
            }
            id = "citybrain-" + UUID.randomUUID();
            assigned = true;
        }
        if (v5 && header.properties().getProperty(MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD, "enhanced authentication is not supported");
            return;
        }
        Optional<MqttClientIdentity> who = broker.authenticator().authenticate(m.payload().userName(), m.payload().passwordInBytes());
        if (who.isEmpty()) {
            log.info("MQTT connection from {} refused: unknown user name '{}' or wrong password", ctx.channel().remoteAddress(),
                    m.payload().userName());
            refuse(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "not authorized");
            return;
        }
        identity = who.get();
        clientId = id;
        if (m.payload().willTopic() != null) {
            log.debug("{}: will message ignored (not supported)", this);
        }
        if (v5) {
            var receiveMaximum = header.properties().getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
            if (receiveMaximum != null) {
                outboundLimit = Math.min(MAX_OUTBOUND_INFLIGHT, (Integer) receiveMaximum.value());
            }
        }
        int keepAlive = header.keepAliveTimeSeconds();
        if (keepAlive > 0) {
            // MQTT: close after one and a half keep-alive periods without a packet
            ctx.pipeline().replace(EmbeddedBroker.IDLE, EmbeddedBroker.IDLE,
                    new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        } else {
            ctx.pipeline().remove(EmbeddedBroker.IDLE);
        }
        broker.register(clientId, this);
        MqttConnAckMessage connAck = MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).properties(v5 ? connAckProperties(assigned ? id : null) : MqttProperties.NO_PROPERTIES)
                .build();
        ctx.writeAndFlush(connAck);
        log.debug("{} connected as {} (MQTT {})", clientId, identity, version);
    }

    private MqttProperties connAckProperties(String assignedClientId) {
        var p = new MqttMessageBuilders.ConnAckPropertiesBuilder().sessionExpiryInterval(0)
                .receiveMaximum(broker.settings().maxInflight()).maximumQos((byte) 1).retainAvailable(false)
                .maximumPacketSize(broker.settings().maxMessageBytes()).topicAliasMaximum(0)
                .wildcardSubscriptionAvailable(true).subscriptionIdentifiersAvailable(false).sharedSubscriptionAvailable(false);
        if (assignedClientId != null) {
            p.assignedClientId(assignedClientId);
        }
        return p.build();
    }

    private void refuse(MqttConnectReturnCode code, String why) {
        log.debug("refusing {}: {}", ctx.channel().remoteAddress(), why);
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(f -> ctx.close());
    }

    private void publish(MqttPublishMessage m) {
        String topic = m.variableHeader().topicName();
        MqttQoS qos = m.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            log.info("closing {}: QoS 2 is not supported", this);
            disconnect(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED);
            return;
        }
        if (!(identity instanceof DeviceClient device) || !topic.equals(Topics.telemetry(device.deviceId()))) {
            // a device that publishes elsewhere is misconfigured or hostile: say so once, loudly
            log.warn("closing {}: {} may not publish to '{}'", this, identity, topic);
            disconnect(MqttReasonCodes.Disconnect.NOT_AUTHORIZED);
            return;
        }
        Inbound in = new Inbound(qos == MqttQoS.AT_LEAST_ONCE ? m.variableHeader().packetId() : -1);
        inbound.addLast(in);
        if (inbound.size() >= broker.settings().maxInflight()) {
            ctx.channel().config().setAutoRead(false);
        }
        byte[] payload = ByteBufUtil.getBytes(m.payload());
        broker.ingestion().ingest(device.deviceId(), Optional.of(device.token()), payload)
                .thenAccept(outcome -> ctx.executor().execute(() -> completed(in, outcome)));
    }

    /** On the event loop: records an outcome and sends the acknowledgements now due, in order. */
    private void completed(Inbound in, Outcome outcome) {
        in.outcome = outcome;
        if (outcome instanceof Refused refused) {
            String deviceId = ((DeviceClient) identity).deviceId();
            log.debug("{}: telemetry refused: {}", this, refused.reason());
            broker.publish(Topics.errors(deviceId), refused.error(), MqttPublisher.Qos.AT_LEAST_ONCE);
        }
        boolean close = false;
        while (!inbound.isEmpty() && inbound.peekFirst().outcome != null && !close) {
            Inbound head = inbound.pollFirst();
            if (head.outcome instanceof Stored) {
                if (head.packetId >= 0) {
                    ctx.write(MqttMessageBuilders.pubAck().packetId(head.packetId).build());
                }
            } else if (head.outcome instanceof Refused r) {
                if (head.packetId >= 0 && version == MqttVersion.MQTT_5) {
                    byte code = r.unauthorized() ? MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue()
                            : MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue();
                    ctx.write(MqttMessageBuilders.pubAck().packetId(head.packetId).reasonCode(code)
                            .properties(reasonString(r.reason())).build());
                }
                close = r.unauthorized();
            } else if (head.outcome instanceof Failed) {
                close = true;
            }
        }
        ctx.flush();
        if (close) {
            log.warn("closing {}: its telemetry could not be stored or it is no longer authorized; unacknowledged "
                    + "publishes will come again", this);
            disconnect(MqttReasonCodes.Disconnect.IMPLEMENTATION_SPECIFIC_ERROR);
        } else if (!ctx.channel().config().isAutoRead() && inbound.size() <= broker.settings().maxInflight() / 2) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static MqttProperties reasonString(String reason) {
        MqttProperties properties = new MqttProperties();
        // a reason string is for diagnostics; keep it well below any packet size limit
        String text = reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason;
        properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
        return properties;
    }

    private void subscribe(MqttSubscribeMessage m) {
        boolean v5 = version == MqttVersion.MQTT_5;
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription s : m.payload().topicSubscriptions()) {
            String filter = s.topicFilter();
            if (filter.startsWith("$share/")) {
                codes.add(v5 ? MqttReasonCodes.SubAck.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue() & 0xFF : 0x80);
            } else if (!TopicFilter.isValid(filter)) {
                codes.add(v5 ? MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID.byteValue() & 0xFF : 0x80);
            } else if (identity instanceof DeviceClient device && !Topics.deviceMaySubscribe(device.deviceId(), filter)) {
                log.info("{}: subscription to '{}' refused: a device subscribes below its own topic only", this, filter);
                codes.add(v5 ? MqttReasonCodes.SubAck.NOT_AUTHORIZED.byteValue() & 0xFF : 0x80);
            } else {
                int granted = Math.min(s.qualityOfService().value(), 1);
                broker.subscriptions().add(this, new TopicFilter(filter), granted);
                codes.add(granted);
            }
        }
        int packetId = m.idAndPropertiesVariableHeader().messageId();
        ctx.writeAndFlush(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
    }

    private void unsubscribe(MqttUnsubscribeMessage m) {
        var unsubAck = MqttMessageBuilders.unsubAck().packetId(m.idAndPropertiesVariableHeader().messageId());
        for (String filter : m.payload().topics()) {
            boolean existed = TopicFilter.isValid(filter) && broker.subscriptions().remove(this, new TopicFilter(filter));
            if (version == MqttVersion.MQTT_5) {
                unsubAck.addReasonCode(existed ? MqttReasonCodes.UnsubAck.SUCCESS.byteValue()
                        : MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue());
            }
        }
        ctx.writeAndFlush(unsubAck.build());
    }

    /** The thread this connection runs on. */
    java.util.concurrent.Executor executor() {
        return ctx.executor();
    }

    /** On the event loop: sends a message the server publishes; drops it if the client cannot take more. */
    void deliver(String topic, byte[] payload, int qos) {
        if (!ctx.channel().isActive()) {
            return;
        }
        int packetId = 0;
        if (qos == 1) {
            if (outboundInflight >= outboundLimit) {
                broker.dropped();
                return;
            }
            packetId = nextFreePacketId();
            outboundIds.set(packetId);
            outboundInflight++;
        } else if (!ctx.channel().isWritable()) {
            broker.dropped();
            return;
        }
        MqttPublishMessage publish = MqttMessageBuilders.publish().topicName(topic).retained(false)
                .qos(qos == 1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE).messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload)).build();
        ctx.writeAndFlush(publish);
    }

    private int nextFreePacketId() {
        int id = outboundIds.nextClearBit(nextPacketId);
        if (id > 65535) {
            id = outboundIds.nextClearBit(1);
        }
        nextPacketId = id == 65535 ? 1 : id + 1;
        return id;
    }

    private void acknowledged(int packetId) {
        if (packetId > 0 && outboundIds.get(packetId)) {
            outboundIds.clear(packetId);
            outboundInflight--;
        }
    }

    /** Closes the connection because another connection took over its client id. */
    void takenOver() {
        ctx.executor().execute(() -> {
            log.info("closing {}: a new connection with the same client id", this);
            disconnect(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER);
        });
    }

    /** Closes the connection because the server stops. */
    void shutdown() {
        ctx.executor().execute(() -> disconnect(MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN));
    }

    /** Closes the connection, telling an MQTT 5 client why first. */
    private void disconnect(MqttReasonCodes.Disconnect reason) {
        if (version == MqttVersion.MQTT_5 && connectSeen) {
            ctx.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reason.byteValue()).build()).addListener(f -> ctx.close());
        } else {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("closing {}: {}", describe(), identity == null ? "no CONNECT in time" : "keep-alive timeout");
            disconnect(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", describe(), String.valueOf(cause));
        ctx.close();
    }

    private String describe() {
        return clientId != null ? toString() : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public String toString() {
        return "MQTT client '" + clientId + "'";
    }
}
