package org.citybrain.hub.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonPaths;

/**
 * The term definitions of one context (a shipped document or an inline {@code @context} object)
 * as written: term to the IRI, compact IRI or term that its definition names. They are resolved
 * only when an {@link Expander} is built, because a compact IRI may use a prefix that another
 * entry of the same {@code @context} defines.
 *
 * <p>Read: plain string definitions and expanded ones ({@code {"@id": ..., "@type": ...}}, of
 * which only {@code @id} matters for names); {@code null} and definitions without {@code @id}
 * leave the term undefined (it then expands with the vocabulary). Keywords other than
 * {@code @vocab} ({@code @version}, {@code @protected}, {@code @language}, ...) do not change
 * names and are skipped; {@code @import} is refused, since it would need a fetch.
 *
 * @param definitions term to its written definition, in document order
 * @param vocab       the {@code @vocab} it sets, if any
 */
record ContextDocument(Map<String, String> definitions, Optional<String> vocab) {

    ContextDocument {
        definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    }

    /**
     * Reads a context object.
     *
     * @param path JSON path of {@code context}, for errors
     * @throws BadRequestDataException {@link ErrorCode#INVALID_CONTEXT} at the faulty member
     */
    static ContextDocument parse(JsonNode context, String path) {
        if (!context.isObject()) {
            throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, path, "a context must be an object");
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        String vocab = null;
        for (Map.Entry<String, JsonNode> member : context.properties()) {
            String term = member.getKey();
            JsonNode definition = member.getValue();
            String at = JsonPaths.member(path, term);
            if (term.equals("@vocab")) {
                vocab = definition.isTextual() ? definition.asText() : null;
            } else if (term.equals("@import")) {
                throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, at,
                        "@import is not supported: the hub never fetches contexts");
            } else if (term.isEmpty()) {
                throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, at, "a term cannot be empty");
            } else if (!term.startsWith("@")) {
                idOf(definition, at).ifPresent(id -> definitions.put(term, id));
            }
        }
        return new ContextDocument(definitions, Optional.ofNullable(vocab));
    }

    private static Optional<String> idOf(JsonNode definition, String path) {
        if (definition.isNull()) {
            return Optional.empty();
        }
        if (definition.isTextual()) {
            return Optional.of(definition.asText());
        }
        if (definition.isObject()) {
            JsonNode id = definition.path("@id");
            if (id.isMissingNode() || id.isNull()) {
                return Optional.empty();
            }
            if (id.isTextual()) {
                return Optional.of(id.asText());
            }
            throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, JsonPaths.member(path, "@id"),
                    "@id must be a string");
        }
        throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, path,
                "a term definition is an IRI string, an object with @id, or null");
    }
}
