package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.query.GeoQuery;
import org.citybrain.hub.query.Query;
import org.citybrain.server.web.ApiException;

/**
 * The body of {@code POST /entityOperations/query}: an NGSI-LD {@code Query} (ETSI GS CIM 009
 * clause 5.2.23) read into what {@code GET /entities} takes, with the same rules and errors (JSON
 * paths point into the body).
 *
 * @param types  the types any selector accepts (a first cut, so that the store reads only those);
 *               empty: no type condition
 * @param attrs  expanded attribute names ({@code attrs})
 * @param filter the selectors (any of them: type, id, idPattern), {@code q} and {@code geoQ}
 */
record QueryBody(Optional<Set<String>> types, Set<String> attrs, Optional<Predicate<Entity>> filter) {

    /** One entity selector: its types, and optionally an id or an id pattern. */
    private record Selector(Set<String> types, Optional<URI> id, Optional<Pattern> idPattern) implements Predicate<Entity> {
        @Override
        public boolean test(Entity entity) {
            return types.contains(entity.type()) && id.map(entity.id()::equals).orElse(true)
                    && idPattern.map(p -> p.matcher(entity.id().toString()).matches()).orElse(true);
        }
    }

    /**
     * Reads a {@code Query} body with its names expanded by {@code context}.
     *
     * @throws NgsiLdException BadRequestData (or InvalidRequest for a body that is no object) at the faulty member
     */
    static QueryBody read(JsonNode body, Expander context) {
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "a query is a JSON object of type Query");
        }
        if (!"Query".equals(body.path("type").asText(null))) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "$.type", "the type of a query body must be \"Query\"");
        }
        if (body.has("scopeQ")) {
            throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, "$.scopeQ",
                    "scopeQ (clause 4.19) is not supported: entities here have no scope");
        }
        List<Selector> selectors = selectors(body.get("entities"), context);
        String attrList = String.join(",", strings(body.get("attrs"), "$.attrs"));
        Set<String> attrs = reraised(() -> NgsiLdRequests.attributeNames(Optional.of(attrList), context), "$.");
        Optional<String> q = optionalText(body, "q");
        JsonNode geoQ = body.get("geoQ");
        if (selectors.isEmpty() && attrs.isEmpty() && q.isEmpty() && geoQ == null) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "$", "a query needs at least one of entities, attrs, q or"
                    + " geoQ (clause 5.7.2.4)");
        }
        List<Predicate<Entity>> filters = new ArrayList<>();
        if (!selectors.isEmpty()) {
            filters.add(selectors.size() == 1 ? selectors.get(0) : e -> selectors.stream().anyMatch(s -> s.test(e)));
        }
        q.ifPresent(text -> filters.add(reraised(() -> Query.parse(text, context::expand), "$.")));
        if (geoQ != null) {
            filters.add(geoQuery(geoQ, context));
        }
        Optional<Set<String>> types = Optional.empty();
        if (!selectors.isEmpty()) {
            Set<String> any = new LinkedHashSet<>();
            selectors.forEach(s -> any.addAll(s.types()));
            types = Optional.of(any);
        }
        return new QueryBody(types, attrs, filters.stream().reduce(Predicate::and));
    }

    private static List<Selector> selectors(JsonNode entities, Expander context) {
        List<Selector> selectors = new ArrayList<>();
        if (entities == null) {
            return selectors;
        }
        if (!entities.isArray() || entities.isEmpty()) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "$.entities", "entities must be a non-empty array of entity"
                    + " selectors");
        }
        for (int i = 0; i < entities.size(); i++) {
            JsonNode selector = entities.get(i);
            String at = "$.entities[" + i + "]";
            Optional<String> type = optionalText(selector, "type");
            if (!selector.isObject() || type.isEmpty()) {
                throw NgsiLdException.of(ErrorCode.INVALID_QUERY, at, "an entity selector is an object with a type");
            }
            Set<String> types = reraised(() -> EntityTypeSelection.parse(type.get(), context::expand), at + ".");
            Optional<URI> id = optionalText(selector, "id").map(text -> NgsiLdRequests.id(text, at + ".id"));
            Optional<Pattern> idPattern = optionalText(selector, "idPattern")
                    .map(text -> NgsiLdRequests.idPattern(text, at + ".idPattern"));
            selectors.add(new Selector(types, id, idPattern));
        }
        return selectors;
    }

    private static GeoQuery geoQuery(JsonNode geoQ, Expander context) {
        if (!geoQ.isObject()) {
            throw NgsiLdException.of(ErrorCode.INVALID_GEOQUERY, "$.geoQ", "geoQ must be an object");
        }
        JsonNode coordinates = geoQ.get("coordinates");
        String coordinatesText = coordinates == null ? null : coordinates.isTextual() ? coordinates.asText() : coordinates.toString();
        return reraised(() -> GeoQuery.parse(optionalText(geoQ, "georel").orElse(null), optionalText(geoQ, "geometry").orElse(null),
                coordinatesText, optionalText(geoQ, "geoproperty"), context::expand), "$.geoQ.");
    }

    /** Runs {@code read}; an error it raises at a parameter is raised again at {@code prefix + parameter}. */
    private static <T> T reraised(Supplier<T> read, String prefix) {
        try {
            return read.get();
        } catch (NgsiLdException e) {
            String detail = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw NgsiLdException.of(e.code(), prefix + e.jsonPath(), detail);
        }
    }

    private static Optional<String> optionalText(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static List<String> strings(JsonNode array, String at) {
        List<String> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        if (!array.isArray()) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, at, "must be an array of attribute names");
        }
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
