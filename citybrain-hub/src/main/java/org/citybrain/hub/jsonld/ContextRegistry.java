package org.citybrain.hub.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.citybrain.hub.store.AtomicFiles;
import org.citybrain.hub.store.StoreException;

/**
 * Where the JSON-LD contexts added at run time are kept ({@link Contexts#add}): in memory, in a
 * file of the data directory, or in PostgreSQL ({@code PostgresContexts}). Implementations are
 * thread-safe; they store what they are given and check nothing but the uniqueness of ids and URLs.
 */
public interface ContextRegistry {

    /**
     * One context added at run time.
     *
     * @param id        its local id: the last segment of the URL the hub serves it at,
     *                  {@code /ngsi-ld/v1/jsonldContexts/{id}}
     * @param url       the URL it is a copy of, for a context that clients name by its own URL (kind
     *                  {@code Cached}: an administrator gave the document; the hub never fetches it);
     *                  empty for a context the hub hosts (kind {@code Hosted}), named by the hub's URL
     * @param body      the document as given: an object with its {@code @context}
     * @param createdAt when it was added
     */
    record Added(String id, Optional<URI> url, JsonNode body, Instant createdAt) {
        public Added {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
            body = body.deepCopy();
            Objects.requireNonNull(createdAt, "createdAt");
        }

        /** The NGSI-LD kind: {@code Cached} for a copy of a context named by its own URL, else {@code Hosted}. */
        public String kind() {
            return url.isPresent() ? "Cached" : "Hosted";
        }

        /** The record's JSON, as files and tables keep it. */
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("id", id);
            url.ifPresent(u -> json.put("url", u.toString()));
            json.put("createdAt", createdAt.toString());
            json.set("body", body);
            return json;
        }

        /** @throws IllegalArgumentException if {@code json} is not a record written by {@link #toJson()} */
        public static Added fromJson(JsonNode json) {
            if (!json.path("id").isTextual() || !json.path("createdAt").isTextual() || !json.path("body").isObject()) {
                throw new IllegalArgumentException("not an added context: " + json);
            }
            return new Added(json.get("id").asText(),
                    json.path("url").isTextual() ? Optional.of(URI.create(json.get("url").asText())) : Optional.empty(),
                    json.get("body"), Instant.parse(json.get("createdAt").asText()));
        }
    }

    /** Every added context, oldest first. */
    List<Added> all();

    /** The context with this local id. */
    Optional<Added> find(String id);

    /** The context added as the copy of {@code url}. */
    Optional<Added> findByUrl(URI url);

    /**
     * Keeps a context, durably once this returns.
     *
     * @return false, and nothing kept, if its id or URL is taken already
     */
    boolean insert(Added added);

    /**
     * Forgets a context, durably once this returns.
     *
     * @return false if there was none of that id
     */
    boolean delete(String id);

    /** A registry that forgets everything when the process ends (tests, the CLI). */
    static ContextRegistry inMemory() {
        return new InMemory(null);
    }

    /**
     * A registry in one JSON file (an array of {@link Added#toJson()}), rewritten whole and durably
     * on every change ({@link AtomicFiles}); contexts are added rarely and are few.
     *
     * @throws StoreException if the file exists and is not such an array
     */
    static ContextRegistry file(Path file) {
        InMemory registry = new InMemory(file);
        if (Files.exists(file)) {
            try {
                JsonNode all = InMemory.JSON.readTree(Files.readAllBytes(file));
                if (!all.isArray()) {
                    throw new StoreException(file + " is not a JSON array of contexts");
                }
                for (JsonNode each : all) {
                    Added added = Added.fromJson(each);
                    registry.byId.put(added.id(), added);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the added contexts in " + file, e);
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + " holds something that is not an added context: " + e.getMessage(), e);
            }
        }
        return registry;
    }

    /** {@link #inMemory()} and {@link #file(Path)}: a map, written through to the file if there is one. */
    final class InMemory implements ContextRegistry {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path file;
        private final Map<String, Added> byId = new LinkedHashMap<>();

        private InMemory(Path file) {
            this.file = file;
        }

        @Override
        public synchronized List<Added> all() {
            return List.copyOf(byId.values());
        }

        @Override
        public synchronized Optional<Added> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized Optional<Added> findByUrl(URI url) {
            return byId.values().stream().filter(a -> a.url().equals(Optional.of(url))).findFirst();
        }

        @Override
        public synchronized boolean insert(Added added) {
            if (byId.containsKey(added.id()) || added.url().isPresent() && findByUrl(added.url().get()).isPresent()) {
                return false;
            }
            List<Added> next = new ArrayList<>(byId.values());
            next.add(added);
            write(next);
            byId.put(added.id(), added);
            return true;
        }

        @Override
        public synchronized boolean delete(String id) {
            if (!byId.containsKey(id)) {
                return false;
            }
            List<Added> next = new ArrayList<>(byId.values());
            next.removeIf(a -> a.id().equals(id));
            write(next);
            byId.remove(id);
            return true;
        }

        /** Written before the map changes: if the file cannot be written, nothing changed. */
        private void write(List<Added> all) {
            if (file == null) {
                return;
            }
            ArrayNode array = JSON.createArrayNode();
            all.forEach(a -> array.add(a.toJson()));
            try {
                AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
