package org.citybrain.hub.jsonld;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.Relationship;

/**
 * The names of one {@code @context}: expands terms to IRIs and compacts IRIs back to terms, for a
 * single name or for a whole {@link Entity}. Get one from {@link Contexts#expander}; immutable and
 * safe to share.
 *
 * <h2>Rules (JSON-LD 1.1 IRI expansion and compaction, for names only)</h2>
 * <ul>
 *   <li>The entries of the context apply in order, a later definition of a term replacing an
 *       earlier one; the NGSI-LD core context applies last, so core terms ({@code id},
 *       {@code type}, {@code location}, {@code observedAt}, ...) always keep their core meaning.</li>
 *   <li>A defined term expands to its IRI; {@code prefix:suffix} with a known prefix to the
 *       prefix's IRI plus the suffix; any other name with a colon is already an IRI and is kept;
 *       every other name expands with the core {@code @vocab},
 *       {@code https://uri.etsi.org/ngsi-ld/default-context/<term>}.</li>
 *   <li>An IRI compacts to the shortest term defined for it (the lexicographically least of
 *       equally short ones); else to the part after the {@code @vocab} if that is not itself a
 *       term; else to the shortest {@code prefix:suffix}; else it stays the IRI. So
 *       {@code compact(expand(t)) == t} for every term of the context and every undefined term.</li>
 * </ul>
 * Expanding a defined term is one hash lookup; an undefined one also concatenates a string.
 */
public final class Expander {
    /** The characters after which a term's IRI makes it usable as a prefix (JSON-LD gen-delims). */
    private static final String GEN_DELIMS = ":/?#[]@";
    /** Bounds following a chain of definitions that name other terms (and breaks cycles). */
    private static final int MAX_INDIRECTION = 8;

    private final JsonLdContext context;
    private final String vocab;
    private final Map<String, String> terms;
    private final Map<String, String> prefixes;
    private final Map<String, String> compactions;

    private Expander(JsonLdContext context, String vocab, Map<String, String> terms) {
        this.context = context;
        this.vocab = vocab;
        this.terms = Map.copyOf(terms);
        Map<String, String> prefixMap = new HashMap<>();
        Map<String, String> shortest = new HashMap<>();
        terms.forEach((term, iri) -> {
            if (term.indexOf(':') < 0 && !iri.isEmpty() && GEN_DELIMS.indexOf(iri.charAt(iri.length() - 1)) >= 0) {
                prefixMap.put(term, iri);
            }
            shortest.merge(iri, term, Expander::preferred);
        });
        this.prefixes = Map.copyOf(prefixMap);
        this.compactions = Map.copyOf(shortest);
    }

    /**
     * Resolves the documents of a context, in order, then the core definitions.
     *
     * @param documents the context's entries as term definitions (a known URI's document or an
     *                  inline object), in order
     * @param core      the core context's definitions, which must set {@code @vocab}
     */
    static Expander of(JsonLdContext context, List<ContextDocument> documents, ContextDocument core) {
        String vocab = core.vocab().orElseThrow(() -> new IllegalArgumentException("the core context sets no @vocab"));
        List<ContextDocument> all = new ArrayList<>(documents);
        all.add(core);
        Map<String, String> terms = new LinkedHashMap<>();
        for (ContextDocument document : all) {
            Map<String, String> resolved = new LinkedHashMap<>();
            document.definitions().forEach((term, definition) ->
                    resolved.put(term, resolve(definition, term, document, terms, core, vocab, 0)));
            terms.putAll(resolved);
        }
        return new Expander(context, vocab, terms);
    }

    /**
     * The IRI a written definition names: a keyword or absolute IRI as is, a compact IRI through
     * its prefix, a term through that term's definition (in this document, an earlier one, or the
     * core), anything else against the vocabulary.
     */
    private static String resolve(String definition, String term, ContextDocument document,
            Map<String, String> earlier, ContextDocument core, String vocab, int depth) {
        if (definition.startsWith("@") || depth > MAX_INDIRECTION) {
            return definition;
        }
        int colon = definition.indexOf(':');
        String name = colon < 0 ? definition : definition.substring(0, colon);
        if (colon >= 0 && definition.startsWith("//", colon + 1)) {
            return definition;
        }
        String named = null;
        if (!name.equals(term) && document.definitions().containsKey(name)) {
            named = resolve(document.definitions().get(name), name, document, earlier, core, vocab, depth + 1);
        } else if (earlier.containsKey(name)) {
            named = earlier.get(name);
        } else if (core.definitions().containsKey(name) && document != core) {
            named = resolve(core.definitions().get(name), name, core, Map.of(), core, vocab, depth + 1);
        }
        if (colon < 0) {
            return named != null ? named : vocab + definition;
        }
        return named != null ? named + definition.substring(colon + 1) : definition;
    }

    /** Of two terms for one IRI, the one compaction picks: the shorter, then the lexicographically least. */
    private static String preferred(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The context these names come from; empty means the core context alone. */
    public JsonLdContext context() {
        return context;
    }

    /** The IRI of a name (a term, a compact IRI or an IRI); see the class comment for the rules. */
    public String expand(String name) {
        String iri = terms.get(name);
        if (iri != null) {
            return iri;
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return vocab + name;
        }
        String prefix = prefixes.get(name.substring(0, colon));
        if (prefix == null || name.startsWith("//", colon + 1)) {
            return name;
        }
        return prefix + name.substring(colon + 1);
    }

    /** The shortest name of this context for {@code iri}, or {@code iri} itself; see the class comment. */
    public String compact(String iri) {
        String term = compactions.get(iri);
        if (term != null) {
            return term;
        }
        if (iri.length() > vocab.length() && iri.startsWith(vocab)) {
            String suffix = iri.substring(vocab.length());
            if (suffix.indexOf(':') < 0 && !terms.containsKey(suffix)) {
                return suffix;
            }
        }
        String best = null;
        for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
            String prefixIri = prefix.getValue();
            if (iri.length() > prefixIri.length() && iri.startsWith(prefixIri)) {
                String candidate = prefix.getKey() + ":" + iri.substring(prefixIri.length());
                if (!terms.containsKey(candidate) && !candidate.startsWith("//", prefix.getKey().length() + 1)) {
                    best = best == null ? candidate : preferred(best, candidate);
                }
            }
        }
        return best != null ? best : iri;
    }

    /**
     * The entity with its type, attribute names and sub-attribute names (at any depth) expanded.
     * Values, Relationship objects and the entity's context are left as they are.
     *
     * @throws BadRequestDataException {@link ErrorCode#INVALID_ATTRIBUTE_NAME} if two names expand
     *                                 to one IRI, or an IRI is not a valid name (too long)
     */
    public Entity expand(Entity entity) {
        return rename(entity, this::expand, entity.context());
    }

    /**
     * The entity with its type, attribute names and sub-attribute names compacted, and
     * {@link #context()} as its context. Values and Relationship objects are left as they are.
     *
     * @throws BadRequestDataException {@link ErrorCode#INVALID_ATTRIBUTE_NAME} if two IRIs compact
     *                                 to one name
     */
    public Entity compact(Entity entity) {
        return rename(entity, this::compact, context);
    }

    private static Entity rename(Entity entity, UnaryOperator<String> name, JsonLdContext newContext) {
        try {
            return new Entity(entity.id(), name.apply(entity.type()),
                    renamed(entity.attributes(), name, JsonPaths.ROOT), newContext,
                    entity.createdAt(), entity.modifiedAt());
        } catch (IllegalArgumentException e) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE_NAME, JsonPaths.ROOT,
                    "after applying the @context: " + e.getMessage());
        }
    }

    private static Map<String, Attribute> renamed(Map<String, Attribute> attributes, UnaryOperator<String> name,
            String path) {
        Map<String, Attribute> result = new LinkedHashMap<>();
        attributes.forEach((oldName, attribute) -> {
            String newName = name.apply(oldName);
            String at = JsonPaths.member(path, oldName);
            // Attributes are immutable: one without sub-attributes is shared, not copied.
            Attribute renamedAttribute = attribute.meta().subAttributes().isEmpty() ? attribute
                    : withMeta(attribute, withSubAttributes(attribute.meta(),
                            renamed(attribute.meta().subAttributes(), name, at)));
            if (result.put(newName, renamedAttribute) != null) {
                throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE_NAME, at,
                        "names another attribute again: both are " + newName + " with this @context");
            }
        });
        return result;
    }

    private static AttributeMeta withSubAttributes(AttributeMeta meta, Map<String, Attribute> subAttributes) {
        return new AttributeMeta(meta.observedAt(), meta.datasetId(), subAttributes, meta.createdAt(), meta.modifiedAt());
    }

    private static Attribute withMeta(Attribute attribute, AttributeMeta meta) {
        if (attribute instanceof Property p) {
            return p.withMeta(meta);
        }
        if (attribute instanceof Relationship r) {
            return r.withMeta(meta);
        }
        return ((GeoProperty) attribute).withMeta(meta);
    }

    @Override
    public String toString() {
        return "Expander" + context.toJson();
    }
}
