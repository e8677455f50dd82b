package org.citybrain.server.govern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citybrain.hub.auth.AtomicFiles;
import org.citybrain.hub.auth.SaltedHash;

/**
 * Open311 API keys issued by an administrator to client applications, kept as SHA-256 hashes in
 * {@code govern/open311-keys.json}; the key itself is shown once, when issued.
 */
final class Open311Keys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, String> clientByHash = new LinkedHashMap<>();

    Open311Keys(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (JsonNode k : JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).path("keys")) {
                    clientByHash.put(k.get("sha256").asText(), k.get("client").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot read the Open311 keys: " + e.getMessage(), e);
            }
        }
    }

    /** Issues a key to {@code client}; returns the key, which is not kept. */
    synchronized String issue(String client) {
        String key = SaltedHash.newToken();
        clientByHash.put(hash(key), client);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode keys = root.putArray("keys");
        clientByHash.forEach((h, c) -> keys.addObject().put("client", c).put("sha256", h));
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.replace(file, root.toPrettyString().getBytes(StandardCharsets.UTF_8));
        return key;
    }

    /** The client a key was issued to, or null. */
    synchronized String client(String key) {
        return clientByHash.get(hash(key));
    }

    private static String hash(String key) {
        return Base64.getEncoder().encodeToString(SaltedHash.sha256(new byte[0], key));
    }
}
