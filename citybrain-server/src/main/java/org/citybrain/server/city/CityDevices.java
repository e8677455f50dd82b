package org.citybrain.server.city;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceAuthenticationException;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The city's virtual devices as the hub sees real ones: registered in the hub's
 * {@link DeviceRegistry}, each an MQTT client of the server's broker under its own id and token,
 * publishing its telemetry at QoS 1 to {@code citybrain/devices/{id}/telemetry} and, for signals,
 * subscribed to {@code citybrain/devices/{id}/commands}.
 *
 * <p>The registry keeps only a hash of each token, so the city keeps the tokens it was given in
 * {@code city/device-tokens.json} in the data directory (owner-only permissions where the file
 * system has them): a restart in the same data directory reconnects the same devices.
 */
final class CityDevices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityDevices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMANDS = "/commands";

    private final DeviceRegistry registry;
    private final Path tokenFile;
    private final Map<String, String> tokens = new TreeMap<>();
    private final Map<String, Mqtt5AsyncClient> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastTs = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    CityDevices(DeviceRegistry registry, Path dataDir) {
        this.registry = registry;
        this.tokenFile = dataDir.resolve("city").resolve("device-tokens.json");
        readTokens();
    }

    private void readTokens() {
        tokens.putAll(CityJson.read(tokenFile, "the city's device tokens"));
    }

    /**
     * Registers every device not yet registered and keeps its token; checks the token of those that are.
     *
     * @throws IllegalStateException if a device is registered but the city does not hold its token
     */
    void register(List<Device> devices) {
        boolean changed = false;
        for (Device d : devices) {
            if (!isTopicLevel(d.id())) {
                throw new IllegalArgumentException("device id '" + d.id() + "' cannot be an MQTT topic level "
                        + "(no '/', '+' or '#'): rename the road or intersection in the scenario");
            }
            if (registry.find(d.id()).isPresent()) {
                String token = tokens.get(d.id());
                try {
                    registry.authenticate(d.id(), token);
                } catch (DeviceAuthenticationException e) {
                    throw new IllegalStateException("device " + d.id() + " is registered in the hub but its token is not in "
                            + tokenFile + "; start the city with a new data directory, or restore that file");
                }
            } else {
                tokens.put(d.id(), registry.register(d).token());
                changed = true;
            }
        }
        if (changed) {
            saveTokens();
        }
    }

    private void saveTokens() {
        CityJson.write(tokenFile, tokens, true, "the city's device tokens");
    }

    /**
     * Connects every device to the broker at {@code broker} ({@code tcp://host:port}), in parallel,
     * and waits until all are connected.
     *
     * @param commands called with (device id, payload) for each command a device in {@code commanded} receives
     * @throws IllegalStateException if a device cannot connect within 30 s
     */
    void connect(URI broker, List<Device> devices, List<String> commanded, BiConsumer<String, byte[]> commands) {
        List<CompletableFuture<?>> connecting = new ArrayList<>();
        for (Device d : devices) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(d.id())
                    .serverHost(broker.getHost()).serverPort(broker.getPort())
                    .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
                    .applyAutomaticReconnect()
                    .simpleAuth().username(d.id()).password(tokens.get(d.id()).getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildAsync();
            clients.put(d.id(), client);
            connecting.add(client.connect().thenCompose(ack -> {
                if (!commanded.contains(d.id())) {
                    return CompletableFuture.completedFuture(null);
                }
                return client.subscribeWith().topicFilter(CityTopics.commands(d.id())).qos(MqttQos.AT_LEAST_ONCE)
                        .callback(p -> commands.accept(d.id(), p.getPayloadAsBytes())).send();
            }));
        }
        try {
            CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the city's devices cannot connect to the MQTT broker " + broker + ": " + e.getMessage(), e);
        }
        LOG.info("city: {} devices connected to {}", devices.size(), broker);
    }

    /**
     * Publishes one compact reading of {@code values} from device {@code id}, at QoS 1, without
     * waiting for the acknowledgement. Its time is now, in milliseconds, kept strictly increasing
     * per device so that no two readings of a device share the hub's idempotence key.
     *
     * @return the payload's size in bytes
     */
    int publish(String id, Map<String, Object> values) {
        return publish(id, values, System.currentTimeMillis());
    }

    /** Like {@link #publish(String, Map)}, the reading measured at {@code measured} (epoch milliseconds). */
    int publish(String id, Map<String, Object> values, long measured) {
        Mqtt5AsyncClient client = clients.get(id);
        if (client == null) {
            throw new IllegalArgumentException("no city device " + id);
        }
        long ts = lastTs.computeIfAbsent(id, k -> new AtomicLong()).updateAndGet(last -> Math.max(measured, last + 1));
        ObjectNode payload = JSON.createObjectNode();
        payload.put("ts", ts);
        payload.set("values", JSON.valueToTree(values));
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.publishWith().topic(CityTopics.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE).payload(bytes).send()
                .whenComplete((result, error) -> {
                    if (error != null || result.getError().isPresent()) {
                        if (failed.incrementAndGet() % 1000 == 1) {
                            LOG.warn("city: a reading of {} was not acknowledged: {}", id,
                                    error != null ? error.toString() : result.getError().get().toString());
                        }
                    } else {
                        published.incrementAndGet();
                    }
                });
        return bytes.length;
    }

    /** Readings the broker acknowledged. */
    long published() {
        return published.get();
    }

    /** Readings it did not. */
    long failed() {
        return failed.get();
    }

    static boolean isTopicLevel(String id) {
        return !id.isEmpty() && id.indexOf('/') < 0 && id.indexOf('+') < 0 && id.indexOf('#') < 0;
    }

    @Override
    public void close() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        clients.values().forEach(c -> closing.add(c.disconnect().exceptionally(e -> null)));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("city: devices did not all disconnect cleanly", e);
        }
        clients.clear();
    }
}
