package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The NGSI-LD core terms the hub understands, from the hub's own description
 * ({@code ngsi-ld-core-terms.jsonld} beside this class) rather than the official core context,
 * which is recognised by its {@link #URI} and never fetched.
 */
public final class CoreContext {

    /** The URI under which NGSI-LD clients name the core context. */
    public static final URI URI = java.net.URI.create("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld");

    private static final Map<String, String> TERMS = load();

    private CoreContext() {
    }

    /** Term to expanded IRI (or JSON-LD keyword for {@code id} and {@code type}), in file order. */
    public static Map<String, String> terms() {
        return TERMS;
    }

    /** The expanded IRI of a core term, e.g. {@code observedAt} to {@code https://uri.etsi.org/ngsi-ld/observedAt}. */
    public static Optional<String> expand(String term) {
        return Optional.ofNullable(TERMS.get(term));
    }

    public static boolean isCoreContext(URI uri) {
        return URI.equals(uri);
    }

    private static Map<String, String> load() {
        try (InputStream in = CoreContext.class.getResourceAsStream("ngsi-ld-core-terms.jsonld")) {
            if (in == null) {
                throw new IllegalStateException("ngsi-ld-core-terms.jsonld missing from the classpath");
            }
            JsonNode context = new ObjectMapper().readTree(in).get("@context");
            Map<String, String> prefixes = new LinkedHashMap<>();
            Map<String, String> terms = new LinkedHashMap<>();
            context.properties().forEach(e -> {
                JsonNode v = e.getValue();
                String id = v.isTextual() ? v.asText() : v.path("@id").asText();
                if (id.endsWith("/") || id.endsWith("#")) {
                    prefixes.put(e.getKey(), id);
                } else {
                    terms.put(e.getKey(), id);
                }
            });
            terms.replaceAll((term, id) -> {
                int colon = id.indexOf(':');
                String prefix = colon > 0 ? prefixes.get(id.substring(0, colon)) : null;
                return prefix == null ? id : prefix + id.substring(colon + 1);
            });
            return Map.copyOf(terms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
