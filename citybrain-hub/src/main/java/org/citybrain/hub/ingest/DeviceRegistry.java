package org.citybrain.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.citybrain.hub.auth.AtomicFiles;
import org.citybrain.hub.auth.SaltedHash;
import org.citybrain.hub.entity.JsonLdContext;

/**
 * The registered devices and their access tokens.
 *
 * <p>A token is 32 random bytes from {@link java.security.SecureRandom} (base64url, 43 characters), returned
 * once by {@link #register} and never stored: the registry keeps a per-device random 16-byte salt
 * and {@code SHA-256(salt || token)}, and compares in constant time
 * ({@link java.security.MessageDigest#isEqual}, see {@link SaltedHash}). A slow password hash (PBKDF2, bcrypt) is not used on purpose:
 * it protects low-entropy human passwords against guessing, which a 256-bit random token does not
 * need, and it would cost milliseconds on every one of the many thousands of telemetry messages
 * per second that are authenticated.
 *
 * <p>With a file ({@link #open(Path)}), every change is written to a new file, fsynced and moved
 * over the old one, so the file is always whole. With a {@link Backend} ({@link #on(Backend)}, e.g.
 * PostgreSQL), every registration is stored there before it returns, the backend refusing an id
 * that is taken (also by another process sharing it), and a device this process has not seen is
 * looked up there; devices are never changed or removed, so what is cached stays true. Safe for
 * concurrent use.
 */
public final class DeviceRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> file;
    private final Optional<Backend> backend;
    private final ConcurrentHashMap<String, Credentials> devices = new ConcurrentHashMap<>();

    /** A device with what verifies its token. */
    public record Credentials(Device device, SaltedHash secret) {
        public Credentials {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(secret, "secret");
        }

        /**
         * One device as the registry stores it: {@code id}, {@code entityId}, {@code entityType},
         * {@code attributeMapping}, {@code context} (if not the core one), {@code salt} and
         * {@code sha256} (Base64).
         */
        public ObjectNode toJson() {
            ObjectNode d = JSON.createObjectNode();
            d.put("id", device.id());
            d.put("entityId", device.entityId().toString());
            d.put("entityType", device.entityType());
            ObjectNode mapping = d.putObject("attributeMapping");
            device.attributeMapping().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> mapping.put(e.getKey(), e.getValue()));
            if (!device.context().isEmpty()) {
                d.set("context", device.context().toJson());
            }
            d.put("salt", secret.saltBase64());
            d.put("sha256", secret.hashBase64());
            return d;
        }

        /**
         * Reads {@link #toJson()}'s form.
         *
         * @throws RuntimeException if a member is missing or invalid
         */
        public static Credentials fromJson(JsonNode d) {
            Map<String, String> mapping = new LinkedHashMap<>();
            d.path("attributeMapping").properties().forEach(e -> mapping.put(e.getKey(), e.getValue().asText()));
            JsonLdContext context = d.has("context") ? JsonLdContext.parse(d.get("context"), "$.context")
                    : JsonLdContext.EMPTY;
            Device device = new Device(d.get("id").asText(), URI.create(d.get("entityId").asText()),
                    d.get("entityType").asText(), mapping, context);
            return new Credentials(device, SaltedHash.fromBase64(d.get("salt").asText(), d.get("sha256").asText()));
        }
    }

    /** Where a registry keeps its devices, if not in a file: a database shared by several hubs. */
    public interface Backend {
        /** Every device stored. */
        List<Credentials> all();

        /** The device with this id, if stored (by any process). */
        Optional<Credentials> find(String deviceId);

        /**
         * Stores a new device durably.
         *
         * @return false, storing nothing, if a device with that id is stored already
         */
        boolean insert(Credentials credentials);
    }

    /** A new device and its token, shown this once. */
    public record Registration(Device device, String token) {
        @Override
        public String toString() {
            return "Registration[device=" + device + ", token=(hidden)]";
        }
    }

    private DeviceRegistry(Optional<Path> file, Optional<Backend> backend) {
        this.file = file;
        this.backend = backend;
    }

    /** A registry that forgets everything when the process ends; for tests and tools. */
    public static DeviceRegistry inMemory() {
        return new DeviceRegistry(Optional.empty(), Optional.empty());
    }

    /** A registry kept in {@code backend}, whose devices are loaded now. */
    public static DeviceRegistry on(Backend backend) {
        DeviceRegistry registry = new DeviceRegistry(Optional.empty(), Optional.of(backend));
        backend.all().forEach(c -> registry.devices.put(c.device().id(), c));
        return registry;
    }

    /** A registry kept in {@code file} (created on the first registration). */
    public static DeviceRegistry open(Path file) {
        DeviceRegistry registry = new DeviceRegistry(Optional.of(file), Optional.empty());
        if (Files.exists(file)) {
            try {
                for (JsonNode d : JSON.readTree(file.toFile())) {
                    Credentials credentials = Credentials.fromJson(d);
                    registry.devices.put(credentials.device().id(), credentials);
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the device registry " + file + ": " + e.getMessage(), e);
            }
        }
        return registry;
    }

    /**
     * Registers a device and issues its token.
     *
     * @throws IllegalArgumentException if a device with that id exists
     */
    public Registration register(Device device) {
        Objects.requireNonNull(device, "device");
        String token = SaltedHash.newToken();
        synchronized (this) {
            Credentials credentials = new Credentials(device, SaltedHash.of(token));
            if (devices.putIfAbsent(device.id(), credentials) != null) {
                throw new IllegalArgumentException("device " + device.id() + " is already registered");
            }
            try {
                if (backend.isPresent() && !backend.get().insert(credentials)) {
                    throw new IllegalArgumentException("device " + device.id() + " is already registered");
                }
                save();
            } catch (RuntimeException e) {
                devices.remove(device.id());
                throw e;
            }
        }
        return new Registration(device, token);
    }

    /**
     * The device, if {@code token} is its token.
     *
     * @throws DeviceAuthenticationException if the id is unknown or the token wrong
     */
    public Device authenticate(String deviceId, String token) {
        Credentials credentials = deviceId == null ? null : known(deviceId);
        if (!SaltedHash.verify(credentials == null ? null : credentials.secret(), token)) {
            throw new DeviceAuthenticationException(deviceId);
        }
        return credentials.device();
    }

    /** Every registered device, by id (with a backend: every device stored there). */
    public List<Device> devices() {
        Collection<Credentials> all = backend.map(Backend::all).map(l -> (Collection<Credentials>) l)
                .orElse(devices.values());
        return all.stream().map(Credentials::device).sorted(Comparator.comparing(Device::id)).toList();
    }

    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(known(deviceId)).map(Credentials::device);
    }

    /** The device from the cache or, if another process registered it, from the backend. */
    private Credentials known(String deviceId) {
        Credentials cached = devices.get(deviceId);
        if (cached != null || backend.isEmpty()) {
            return cached;
        }
        Optional<Credentials> stored = backend.get().find(deviceId);
        stored.ifPresent(c -> devices.putIfAbsent(deviceId, c));
        return stored.orElse(null);
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        ArrayNode all = JSON.createArrayNode();
        devices.values().stream().sorted(Comparator.comparing(c -> c.device().id())).forEach(c -> all.add(c.toJson()));
        try {
            AtomicFiles.replace(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the device registry", e);
        }
    }
}
