package org.citybrain.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered devices and their access tokens.
 *
 * <p>A token is 32 random bytes from {@link SecureRandom} (base64url, 43 characters), returned
 * once by {@link #register} and never stored: the registry keeps a per-device random 16-byte salt
 * and {@code SHA-256(salt || token)}, and compares in constant time
 * ({@link MessageDigest#isEqual}). A slow password hash (PBKDF2, bcrypt) is not used on purpose:
 * it protects low-entropy human passwords against guessing, which a 256-bit random token does not
 * need, and it would cost milliseconds on every one of the many thousands of telemetry messages
 * per second that are authenticated.
 *
 * <p>With a file ({@link #open(Path)}), every change is written to a new file, fsynced and moved
 * over the old one, so the file is always whole. Safe for concurrent use.
 */
public final class DeviceRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** Hashed for unknown ids too, so that a miss takes as long as a wrong token. */
    private static final Credentials NOBODY = Credentials.of(Device.of("-", "urn:x:-", "-"), "-");

    private final Optional<Path> file;
    private final ConcurrentHashMap<String, Credentials> devices = new ConcurrentHashMap<>();

    /** A device with what verifies its token. */
    private record Credentials(Device device, byte[] salt, byte[] hash) {
        static Credentials of(Device device, String token) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return new Credentials(device, salt, sha256(salt, token));
        }

        boolean accepts(String token) {
            return MessageDigest.isEqual(hash, sha256(salt, token));
        }
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
                    Device device = new Device(d.get("id").asText(), URI.create(d.get("entityId").asText()),
                            d.get("entityType").asText(), mapping);
                    Base64.Decoder b64 = Base64.getDecoder();
                    registry.devices.put(device.id(), new Credentials(device,
                            b64.decode(d.get("salt").asText()), b64.decode(d.get("sha256").asText())));
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
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = B64URL.encodeToString(secret);
        synchronized (this) {
            if (devices.putIfAbsent(device.id(), Credentials.of(device, token)) != null) {
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
        boolean ok = (credentials == null ? NOBODY : credentials).accepts(token == null ? "" : token);
        if (credentials == null || !ok) {
            throw new DeviceAuthenticationException(deviceId);
        }
        return credentials.device();
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
            d.put("salt", Base64.getEncoder().encodeToString(c.salt()));
            d.put("sha256", Base64.getEncoder().encodeToString(c.hash()));
        });
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = dir.resolve(target.getFileName() + ".new");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // directories cannot be opened on every platform; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the device registry " + target, e);
        }
    }

    private static byte[] sha256(byte[] salt, String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(token.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
