package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.hub.store.AtomicFiles;

/** The embedded {@link SubscriptionStore}: {@code {"version": 1, "subscriptions": [...]}}, replaced whole. */
final class FileSubscriptionStore implements SubscriptionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    FileSubscriptionStore(Path file) {
        this.file = file;
    }

    /**
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalStateException if it is not a subscriptions file
     */
    @Override
    public List<JsonNode> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the subscriptions in " + file, e);
        }
        JsonNode all = root.path("subscriptions");
        if (!root.path("version").isInt() || !all.isArray()) {
            throw new IllegalStateException(file + " is not a subscriptions file (version 1)");
        }
        List<JsonNode> result = new ArrayList<>();
        all.forEach(result::add);
        return result;
    }

    @Override
    public boolean save(List<ObjectNode> all, Write write) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("subscriptions");
        all.forEach(array::add);
        AtomicFiles.replace(file, root.toString().getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
