package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-LD {@code @context} an entity was sent with: an ordered list of entries, each either a
 * context URI or an inline context object. The hub keeps it as given; it never dereferences a
 * context over the network (the core context and the Smart Data Models contexts are shipped).
 *
 * <p>An empty context means the NGSI-LD core context alone ({@link CoreContext#URI}).
 */
public record JsonLdContext(List<JsonNode> entries) {

    public static final JsonLdContext EMPTY = new JsonLdContext(List.of());

    public JsonLdContext {
        List<JsonNode> copy = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            if (entry == null || !(entry.isTextual() || entry.isObject())) {
                throw new IllegalArgumentException("a context entry is a URI string or an object: " + entry);
            }
            copy.add(entry.deepCopy());
        }
        entries = List.copyOf(copy);
    }

    /** A context of URIs only. */
    public static JsonLdContext of(String... uris) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String uri : uris) {
            nodes.add(JsonNodeFactory.instance.textNode(uri));
        }
        return new JsonLdContext(nodes);
    }

    /**
     * Reads an {@code @context} member: a URI string, an object, or an array of them.
     *
     * @throws BadRequestDataException code {@link ErrorCode#INVALID_CONTEXT}
     */
    public static JsonLdContext parse(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        List<JsonNode> entries = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                entries.add(entry(node.get(i), JsonPaths.element(path, i)));
            }
        } else {
            entries.add(entry(node, path));
        }
        return new JsonLdContext(entries);
    }

    private static JsonNode entry(JsonNode node, String path) {
        if (node.isObject()) {
            return node;
        }
        if (node.isTextual()) {
            try {
                if (new URI(node.asText()).isAbsolute()) {
                    return node;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, path,
                    "a context reference must be an absolute URI: " + node.asText());
        }
        throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, path,
                "a context entry must be a URI string or an object");
    }

    /** Copies of the entries. */
    @Override
    public List<JsonNode> entries() {
        return entries.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    /** The entries that are context URIs, in order. */
    public List<URI> uris() {
        return entries.stream().filter(JsonNode::isTextual).map(e -> URI.create(e.asText())).toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The context as JSON: always an array (the form the Smart Data Models examples use). */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.forEach(e -> array.add(e.deepCopy()));
        return array;
    }
}
