package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.sdm.SmartDataModels;
import org.citybrain.server.web.ApiException;

/**
 * Reading NGSI-LD request parts: entities and attribute fragments from bodies (validated against
 * their Smart Data Model, names expanded), ids from paths, lists from query parameters.
 */
public final class NgsiLdRequests {
    /** The page size of queries without {@code limit}, and the largest allowed. */
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1000;
    /** The placeholder type of attribute fragments; the store ignores a fragment's type. */
    static final String FRAGMENT_TYPE = "AttributeFragment";

    /** How far ahead of the server's clock an {@code observedAt} may be (clock skew), as for telemetry. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private final ReadOptions options;
    private final SmartDataModels models;
    private final Clock clock;

    NgsiLdRequests(ReadOptions options, SmartDataModels models, Clock clock) {
        this.options = options;
        this.models = models;
        this.clock = clock;
    }

    /**
     * Refuses observation times from the future: one would pin the attribute's current value
     * until the clock caught up with it.
     */
    private Entity notFromTheFuture(Entity entity) {
        Instant limit = clock.instant().plus(MAX_CLOCK_SKEW);
        entity.attributes().forEach((name, attribute) -> checkObservedAt(attribute, "$." + name, limit));
        return entity;
    }

    private static void checkObservedAt(Attribute attribute, String path, Instant limit) {
        attribute.meta().observedAt().filter(t -> t.isAfter(limit)).ifPresent(t -> {
            throw NgsiLdException.of(ErrorCode.INVALID_DATE_TIME, path + ".observedAt", "observedAt " + t
                    + " is in the future (more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes after the server's clock)");
        });
        attribute.meta().subAttributes().forEach((name, sub) -> checkObservedAt(sub, path + "." + name, limit));
    }

    /**
     * A whole entity from a body, checked against its Smart Data Model (when its type is one), with
     * names expanded and no {@code @context} left.
     */
    Entity entity(JsonNode body, Expander context) {
        Entity entity = notFromTheFuture(EntityJson.read(body, Representation.NORMALIZED, options));
        if (models.isKnownType(entity.type())) {
            models.requireValid(entity);
        }
        return context.expand(entity.withContext(JsonLdContext.EMPTY)).withoutSystemTimes();
    }

    /** An attribute fragment (the body of an append or update) as an entity with id {@code id}. */
    Entity fragment(URI id, JsonNode body, Expander context) {
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "the attributes must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.remove("@context");
        if (copy.has("id") || copy.has("type")) {
            // the spec lets clients repeat them; they must match the path, the type is the entity's own
            JsonNode given = copy.remove("id");
            if (given != null && !given.asText().equals(id.toString())) {
                throw NgsiLdException.of(ErrorCode.INVALID_ID, "$.id", "the body's id " + given + " is not the path's " + id);
            }
            copy.remove("type");
        }
        ObjectNode wrapped = copy.objectNode();
        wrapped.put("id", id.toString());
        wrapped.put("type", FRAGMENT_TYPE);
        wrapped.setAll(copy);
        Entity fragment = notFromTheFuture(EntityJson.read(wrapped, Representation.NORMALIZED, options));
        return context.expand(fragment).withoutSystemTimes();
    }

    /**
     * One attribute of a partial update as read.
     *
     * @param valueless the body carried no value (or object), only metadata or sub-attributes to
     *                  merge: the value in {@code attribute} is a stand-in, and the existing one stays
     */
    record AttributePatch(Attribute attribute, boolean valueless) {
    }

    /**
     * One attribute (the body of a partial attribute update, or an existing attribute's part of a
     * merge) named {@code name} (a term); without a {@code type} member it keeps
     * {@code existingKind}, the kind of the attribute it patches. Without its value member
     * ({@code value}, or {@code object} for a Relationship) it is a patch of metadata alone and must
     * keep that kind.
     */
    AttributePatch attribute(URI id, String name, JsonNode body, Expander context, String existingKind) {
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "the attribute must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.remove("@context");
        if (!copy.has("type")) {
            copy.put("type", existingKind);
        }
        String kind = copy.get("type").asText();
        String valueMember = kind.equals("Relationship") ? "object"
                : kind.equals("Property") || kind.equals("GeoProperty") ? "value" : null;
        boolean valueless = valueMember != null && !copy.has(valueMember);
        if (valueless) {
            if (!kind.equals(existingKind)) {
                throw NgsiLdException.of(ErrorCode.MISSING_VALUE, "$", "changing the attribute's type from "
                        + existingKind + " to " + kind + " needs its new " + valueMember);
            }
            copy.set(valueMember, STAND_IN.get(kind)); // read for the metadata; the store keeps the value
        }
        ObjectNode wrapped = copy.objectNode();
        wrapped.put("id", id.toString());
        wrapped.put("type", FRAGMENT_TYPE);
        wrapped.set(name, copy);
        Entity read;
        try {
            read = notFromTheFuture(EntityJson.read(wrapped, Representation.NORMALIZED, options));
        } catch (NgsiLdException e) {
            throw NgsiLdException.of(e.code(), e.jsonPath().replace("$." + name, "$").replace("$['" + name + "']", "$"),
                    e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
        // sub-attribute names too are the request's terms: stored expanded, as a create stores them
        return new AttributePatch(context.expand(read).attributes().get(context.expand(name)).withoutSystemTimes(),
                valueless);
    }

    /** Per kind, a value that reads: what a patch of metadata alone is read with. */
    private static final Map<String, JsonNode> STAND_IN = Map.of(
            "Property", JsonNodeFactory.instance.booleanNode(true),
            "Relationship", JsonNodeFactory.instance.textNode("urn:ngsi-ld:stand-in"),
            "GeoProperty", JsonNodeFactory.instance.objectNode().put("type", "Point").set("coordinates",
                    JsonNodeFactory.instance.arrayNode().add(0).add(0)));

    /** Whether an attribute in a merge fragment stands for null: JSON null, the null URI, or a value or object that is it. */
    static boolean isNullMarker(JsonNode attribute) {
        String nil = EntityJson.NGSI_LD_NULL;
        return attribute.isNull() || nil.equals(attribute.asText(null))
                || attribute.isObject() && (nil.equals(attribute.path("value").asText(null))
                        || nil.equals(attribute.path("object").asText(null)));
    }

    /**
     * An entity body that may leave out its id (replace entity): the same body with {@code id}.
     *
     * @throws NgsiLdException BadRequestData at {@code $.id} if it names another entity
     */
    static JsonNode withId(JsonNode body, URI id) {
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "the entity must be a JSON object");
        }
        JsonNode given = body.get("id");
        if (given != null && !given.asText().equals(id.toString())) {
            throw NgsiLdException.of(ErrorCode.INVALID_ID, "$.id", "the body's id " + given + " is not the path's " + id);
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.put("id", id.toString());
        return copy;
    }

    /** An entity id from a path or parameter: an absolute URI. */
    public static URI id(String text, String where) {
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute()) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw NgsiLdException.of(ErrorCode.INVALID_ID, where, "'" + text + "' is not an absolute URI");
    }

    /**
     * An {@code idPattern}: a regular expression the whole id must match.
     *
     * @throws NgsiLdException BadRequestData at {@code where} if it is not a regular expression
     */
    public static Pattern idPattern(String text, String where) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, where, "not a regular expression: " + e.getDescription());
        }
    }

    /** A comma-separated parameter as a set of its non-empty items, in order. */
    public static Set<String> list(Optional<String> parameter) {
        Set<String> items = new LinkedHashSet<>();
        parameter.ifPresent(p -> Arrays.stream(p.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add));
        return items;
    }

    /**
     * The {@code options} parameter of an operation as the set of its values.
     *
     * @param allowed the values the operation knows
     * @throws NgsiLdException BadRequestData at {@code options} if a value is not one of them
     */
    public static Set<String> options(Optional<String> parameter, Set<String> allowed) {
        Set<String> values = list(parameter);
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw NgsiLdException.of(ErrorCode.INVALID_OPTIONS, "options", "unknown option '" + value + "'"
                        + (allowed.isEmpty() ? "; this operation takes none" : "; this operation takes " + String.join(", ",
                                new java.util.TreeSet<>(allowed))));
            }
        }
        return values;
    }

    /** A comma-separated parameter of names (types, attributes), each expanded with {@code context}. */
    public static Set<String> expandedList(Optional<String> parameter, Expander context) {
        Set<String> out = new LinkedHashSet<>();
        list(parameter).forEach(n -> out.add(context.expand(n)));
        return out;
    }

    /**
     * The names of an {@code attrs} parameter, each expanded with {@code context}; none may be
     * {@code id}, {@code type} or another JSON-LD keyword, which are not attributes.
     *
     * @throws NgsiLdException BadRequestData at {@code attrs} naming the first that is not an attribute
     */
    public static Set<String> attributeNames(Optional<String> attrs, Expander context) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : list(attrs)) {
            String expanded = context.expand(name);
            if (name.equals("id") || name.equals("type") || name.startsWith("@") || expanded.startsWith("@")) {
                throw NgsiLdException.of(ErrorCode.INVALID_ATTRIBUTE_NAME, "attrs", "'" + name
                        + "' is not an attribute name (id and type are always part of an entity)");
            }
            out.add(expanded);
        }
        return out;
    }

    /**
     * A query's page size: {@code limit}, 0..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}.
     *
     * @throws NgsiLdException BadRequestData at {@code limit} if negative
     * @throws ApiException TooManyResults (403) at {@code limit} if above {@value #MAX_LIMIT}
     *                      (clause 5.5.9: a page larger than the implementation gives)
     */
    public static int limit(Optional<Integer> limit) {
        int pageSize = limit.orElse(DEFAULT_LIMIT);
        if (pageSize < 0) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "limit", "limit must be 0.." + MAX_LIMIT + ", got " + pageSize);
        }
        if (pageSize > MAX_LIMIT) {
            throw ApiException.of(ProblemType.TOO_MANY_RESULTS, "limit", "a page holds at most " + MAX_LIMIT
                    + " entries, asked for " + pageSize + "; page through with limit and offset");
        }
        return pageSize;
    }

    /**
     * A query's {@code offset}, default 0.
     *
     * @throws NgsiLdException BadRequestData at {@code offset} if negative
     */
    public static int offset(Optional<Integer> offset) {
        int skip = offset.orElse(0);
        if (skip < 0) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "offset", "offset must be >= 0, got " + skip);
        }
        return skip;
    }
}
