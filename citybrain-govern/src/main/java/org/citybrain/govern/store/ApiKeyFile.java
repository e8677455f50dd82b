package org.citybrain.govern.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.citybrain.hub.store.AtomicFiles;

/** The keys' hashes in one JSON file, {@code {"keys": [{"client", "sha256"}]}}, replaced whole and atomically on each issue. */
public final class ApiKeyFile implements ApiKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, String> clientByHash = new LinkedHashMap<>();

    /** The keys in {@code file}, none if it does not exist. */
    public ApiKeyFile(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (JsonNode k : JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).path("keys")) {
                    clientByHash.put(k.get("sha256").asText(), k.get("client").asText());
                }
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(file + ": cannot read the Open311 keys: " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    @Override
    public synchronized void add(String sha256, String client) {
        Map<String, String> next = new LinkedHashMap<>(clientByHash);
        next.put(sha256, client);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode keys = root.putArray("keys");
        next.forEach((h, c) -> keys.addObject().put("client", c).put("sha256", h));
        AtomicFiles.replace(file, root.toPrettyString().getBytes(StandardCharsets.UTF_8));
        clientByHash.put(sha256, client);
    }

    @Override
    public synchronized Optional<String> client(String sha256) {
        return Optional.ofNullable(clientByHash.get(sha256));
    }
}
