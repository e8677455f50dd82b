package org.citybrain.hub.ingest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Appended;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.StoreException;

/**
 * Device telemetry in, durable readings out: the core that the HTTP endpoint and the MQTT broker
 * both call. Safe for concurrent use; callers on many threads share the store's fsyncs.
 *
 * <h2>Acknowledgement contract</h2>
 * {@link #accept} returns only after every reading of the payload is durable; the caller sends
 * HTTP 2xx or MQTT PUBACK after it returns, and never when it throws. A payload is all or
 * nothing as far as validation goes: a bad one throws before anything is stored.
 *
 * <h2>Current state</h2>
 * The store keeps the latest value per entity attribute, updated with every durable reading; a
 * reading older than the current value goes into history only. See {@link ReadingStore}.
 */
public final class Ingestor {
    private final DeviceRegistry devices;
    private final ReadingStore store;
    private final TelemetryParser parser;
    private final Clock clock;
    private final Optional<Contexts> names;
    private final ChangeFeed changes;

    /** An ingestor that stores names as devices send them (terms, unexpanded). */
    public Ingestor(DeviceRegistry devices, ReadingStore store, IngestOptions options, Clock clock) {
        this(devices, store, options, clock, Optional.empty());
    }

    /**
     * An ingestor that stores each reading's entity type and attribute name expanded against its
     * device's {@code @context} with {@code names}, as the NGSI-LD API stores what it is given, so
     * that telemetry and API writes name one attribute alike.
     */
    public Ingestor(DeviceRegistry devices, ReadingStore store, IngestOptions options, Clock clock, Optional<Contexts> names) {
        this(devices, store, options, clock, names, new ChangeFeed(1));
    }

    /**
     * Like {@link #Ingestor(DeviceRegistry, ReadingStore, IngestOptions, Clock, Optional)},
     * publishing on {@code changes}, once a payload's readings are durable, one
     * {@link EntityChange} per entity it fed, naming the attributes it carried; nothing if every
     * reading was a duplicate.
     */
    public Ingestor(DeviceRegistry devices, ReadingStore store, IngestOptions options, Clock clock, Optional<Contexts> names,
            ChangeFeed changes) {
        this.changes = Objects.requireNonNull(changes, "changes");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.store = Objects.requireNonNull(store, "store");
        this.parser = new TelemetryParser(Objects.requireNonNull(options, "options"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.names = Objects.requireNonNull(names, "names");
    }

    public Ingestor(DeviceRegistry devices, ReadingStore store) {
        this(devices, store, IngestOptions.DEFAULTS, Clock.systemUTC());
    }

    /**
     * Authenticates the device, reads the payload (see {@link TelemetryParser} for the forms) and
     * stores its readings durably.
     *
     * @throws DeviceAuthenticationException unknown device or wrong token; nothing is read
     * @throws NgsiLdException               the payload is bad; nothing is stored
     * @throws StoreException                the readings could not be made durable: do not acknowledge
     */
    public IngestResult accept(String deviceId, String token, byte[] payload) {
        return store(devices.authenticate(deviceId, token), payload);
    }

    /**
     * Like {@link #accept(String, String, byte[])} for a transport that authenticated the device
     * itself: an external MQTT broker that checked the device's credentials and lets it publish only
     * to its own topic. The device must be registered here all the same, since it names the entity.
     *
     * @throws DeviceAuthenticationException unknown device; nothing is read
     * @throws NgsiLdException               the payload is bad; nothing is stored
     * @throws StoreException                the readings could not be made durable: do not acknowledge
     */
    public IngestResult acceptFrom(String deviceId, byte[] payload) {
        Device device = devices.find(deviceId).orElseThrow(() -> new DeviceAuthenticationException(deviceId));
        return store(device, payload);
    }

    public IngestResult accept(String deviceId, String token, String payload) {
        return accept(deviceId, token, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Like {@link #accept(String, String, byte[])}, without waiting for durability: authenticates
     * and reads the payload at once, queues its readings, and returns a future that completes (on
     * the store's writer thread, so callers should hand any real work on) once they are durable.
     * Many payloads in flight thus share one fsync without a thread each.
     *
     * @throws DeviceAuthenticationException unknown device or wrong token; nothing is read
     * @throws NgsiLdException               the payload is bad; nothing is stored
     * @throws StoreException                the store is closed or failed; nothing is queued. The
     *                                       future completes exceptionally with a StoreException if
     *                                       the readings could not be made durable: do not acknowledge
     */
    public CompletableFuture<IngestResult> acceptAsync(String deviceId, String token, byte[] payload) {
        return storeAsync(devices.authenticate(deviceId, token), payload);
    }

    /** {@link #acceptFrom} without waiting for durability, as {@link #acceptAsync} does. */
    public CompletableFuture<IngestResult> acceptFromAsync(String deviceId, byte[] payload) {
        Device device = devices.find(deviceId).orElseThrow(() -> new DeviceAuthenticationException(deviceId));
        return storeAsync(device, payload);
    }

    private IngestResult store(Device device, byte[] payload) {
        List<Reading> readings = parse(device, payload);
        return stored(readings, store.append(readings));
    }

    private CompletableFuture<IngestResult> storeAsync(Device device, byte[] payload) {
        List<Reading> readings = parse(device, payload);
        return store.appendAsync(readings).thenApply(appended -> stored(readings, appended));
    }

    private List<Reading> parse(Device device, byte[] payload) {
        Instant now = clock.instant();
        if (names.isEmpty()) {
            return parser.parse(payload, device, now);
        }
        Expander expander = names.get().expander(device.context());
        return parser.parse(payload, device, now, expander::expand);
    }

    private IngestResult stored(List<Reading> readings, Appended appended) {
        if (appended.stored() > 0) {
            publishChanges(readings);
        }
        return new IngestResult(readings.size(), appended.stored(), appended.duplicates());
    }

    /**
     * One change per entity of the payload (a device feeds one entity, so usually one), carrying
     * that entity's readings. A reading the store found a duplicate is carried too: the store does
     * not say which ones were, and a listener sees it again at worst (the rules ignore a reading not
     * newer than the last of its series).
     */
    private void publishChanges(List<Reading> readings) {
        long durable = System.nanoTime();
        if (readings.size() == 1 || sameEntity(readings)) {
            Reading first = readings.get(0);
            Set<String> names = new HashSet<>();
            for (Reading r : readings) {
                names.add(r.attribute());
            }
            changes.publish(new EntityChange(first.entityId(), first.entityType(), names, EntityChange.Kind.UPDATED,
                    durable, readings));
            return;
        }
        Map<URI, List<Reading>> byEntity = new LinkedHashMap<>();
        for (Reading r : readings) {
            byEntity.computeIfAbsent(r.entityId(), id -> new ArrayList<>()).add(r);
        }
        byEntity.forEach((id, own) -> {
            Set<String> names = new HashSet<>();
            own.forEach(r -> names.add(r.attribute()));
            changes.publish(new EntityChange(id, own.get(0).entityType(), names, EntityChange.Kind.UPDATED, durable, own));
        });
    }

    private static boolean sameEntity(List<Reading> readings) {
        URI first = readings.get(0).entityId();
        for (Reading r : readings) {
            if (!r.entityId().equals(first)) {
                return false;
            }
        }
        return true;
    }

    /** The current value of one attribute: the reading with the latest observation time. */
    public Optional<Reading> current(URI entityId, String attribute) {
        return store.latest(entityId, attribute);
    }

    /** The current value of every attribute of an entity. */
    public Map<String, Reading> current(URI entityId) {
        return store.current(entityId);
    }

    /** Raw readings of one attribute with {@code from <= observedAt < to}, oldest first. */
    public List<Reading> history(URI entityId, String attribute, Instant from, Instant to) {
        return store.history(entityId, attribute, from, to);
    }
}
