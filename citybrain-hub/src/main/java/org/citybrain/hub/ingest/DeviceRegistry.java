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
 * over the old one, so the file is always whole. Safe for concurrent use.
 */
public final class DeviceRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> file;
    private final ConcurrentHashMap<String, Credentials> devices = new ConcurrentHashMap<>();

    /** A device with what verifies its token. */
    private record Credentials(Device device, SaltedHash secret) {
    }

    /** A new device and its token, shown this once. */
    public record Registration(Device device, String token) {
        @Override
        public String toString() {
            return "Registration[device=" + device + ", token=(hidden)]";
        }
    }

    private DeviceRegistry(Optional<Path> file) {
        this.file = file;
    }

    /** A registry that forgets everything when the process ends; for tests and tools. */
    public static DeviceRegistry inMemory() {
        return new DeviceRegistry(Optional.empty());
    }

    /** A registry kept in {@code file} (created on the first registration). */
    public static DeviceRegistry open(Path file) {
        DeviceRegistry registry = new DeviceRegistry(Optional.of(file));
        if (Files.exists(file)) {
            try {
                for (JsonNode d : JSON.readTree(file.toFile())) {
                    Map<String, String> mapping = new LinkedHashMap<>();
                    d.path("attributeMapping").properties().forEach(e -> mapping.put(e.getKey(), e.getValue().asText()));
                    JsonLdContext context = d.has("context") ? JsonLdContext.parse(d.get("context"), "$.context")
                            : JsonLdContext.EMPTY;
                    Device device = new Device(d.get("id").asText(), URI.create(d.get("entityId").asText()),
                            d.get("entityType").asText(), mapping, context);
                    registry.devices.put(device.id(), new Credentials(device,
                            SaltedHash.fromBase64(d.get("salt").asText(), d.get("sha256").asText())));
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
            if (devices.putIfAbsent(device.id(), new Credentials(device, SaltedHash.of(token))) != null) {
                throw new IllegalArgumentException("device " + device.id() + " is already registered");
            }
            try {
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
        Credentials credentials = deviceId == null ? null : devices.get(deviceId);
        if (!SaltedHash.verify(credentials == null ? null : credentials.secret(), token)) {
            throw new DeviceAuthenticationException(deviceId);
        }
        return credentials.device();
    }

    /** Every registered device, by id. */
    public List<Device> devices() {
        return devices.values().stream().map(Credentials::device).sorted(Comparator.comparing(Device::id)).toList();
    }

    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId)).map(Credentials::device);
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        ArrayNode all = JSON.createArrayNode();
        devices.values().stream().sorted(Comparator.comparing(c -> c.device().id())).forEach(c -> {
            ObjectNode d = all.addObject();
            d.put("id", c.device().id());
            d.put("entityId", c.device().entityId().toString());
            d.put("entityType", c.device().entityType());
            ObjectNode mapping = d.putObject("attributeMapping");
            c.device().attributeMapping().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> mapping.put(e.getKey(), e.getValue()));
            if (!c.device().context().isEmpty()) {
                d.set("context", c.device().context().toJson());
            }
            d.put("salt", c.secret().saltBase64());
            d.put("sha256", c.secret().hashBase64());
        });
        try {
            AtomicFiles.replace(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the device registry", e);
        }
    }
}
