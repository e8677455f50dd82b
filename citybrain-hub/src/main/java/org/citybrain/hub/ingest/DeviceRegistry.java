package org.citybrain.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.citybrain.hub.auth.SaltedHash;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.store.AtomicFiles;
import org.citybrain.hub.store.LogFiles;

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
 * <p>With a file ({@link #open(Path)}), the file holds one device per line (JSON Lines) and a
 * registration appends its line and fsyncs before it returns, so registering n devices writes O(n)
 * bytes, not O(n²). A line cut short by a crash belonged to a registration that never returned; it
 * is dropped (and cut off the file) when the file is opened again. A file in the earlier form, one
 * JSON array, is read and rewritten as lines (atomically) on opening. With a {@link Backend} ({@link #on(Backend)}, e.g.
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

    /**
     * A registry kept in {@code file} (created on the first registration).
     *
     * @throws IllegalStateException if the file cannot be read or a complete line in it is not a
     *                               device (the message names the line)
     */
    public static DeviceRegistry open(Path file) {
        DeviceRegistry registry = new DeviceRegistry(Optional.of(file), Optional.empty());
        if (!Files.exists(file)) {
            return registry;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            int first = 0;
            while (first < bytes.length && Character.isWhitespace(bytes[first])) {
                first++;
            }
            if (first < bytes.length && bytes[first] == '[') {
                for (JsonNode d : JSON.readTree(bytes)) {
                    registry.remember(Credentials.fromJson(d));
                }
                registry.rewrite();
                return registry;
            }
            int start = 0;
            int line = 1;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    if (i > start) {
                        registry.remember(readLine(file, line, bytes, start, i - start));
                    }
                    start = i + 1;
                    line++;
                }
            }
            if (start < bytes.length) { // a torn last line: its registration never returned
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    out.truncate(start);
                    out.force(true);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the device registry " + file + ": " + e.getMessage(), e);
        }
        return registry;
    }

    private static Credentials readLine(Path file, int line, byte[] bytes, int offset, int length) {
        try {
            return Credentials.fromJson(JSON.readTree(bytes, offset, length));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the device registry " + file + ": line " + line
                    + " is not a device (" + e.getMessage() + ")", e);
        }
    }

    private void remember(Credentials credentials) {
        devices.put(credentials.device().id(), credentials);
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
                append(credentials);
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

    private void append(Credentials credentials) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        try {
            boolean created = !Files.exists(target);
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                long end = out.size();
                try {
                    ByteBuffer bytes = ByteBuffer.wrap(line(credentials));
                    while (bytes.hasRemaining()) {
                        out.write(bytes, end + bytes.position());
                    }
                    out.force(true);
                } catch (IOException e) {
                    out.truncate(end); // leave no part of a line the next registration would run into
                    throw e;
                }
            }
            if (created) {
                LogFiles.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the device registry " + target, e);
        }
    }

    /** Replaces the file with the current devices, one per line (after reading the earlier form). */
    private void rewrite() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        devices.values().stream().sorted(Comparator.comparing(c -> c.device().id()))
                .forEach(c -> all.writeBytes(line(c)));
        AtomicFiles.replace(file.orElseThrow(), all.toByteArray());
    }

    private static byte[] line(Credentials credentials) {
        try {
            byte[] json = JSON.writeValueAsBytes(credentials.toJson());
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode device " + credentials.device().id(), e);
        }
    }
}
