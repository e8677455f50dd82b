package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.query.GeoQuery;
import org.citybrain.hub.query.Query;

/**
 * Subscriptions in NGSI-LD JSON (ETSI GS CIM 009, 5.2.12 Subscription, 5.2.14 NotificationParams,
 * 5.2.15 Endpoint): read with names expanded against a context, written compacted against one.
 * Every error is BadRequestData ({@link ErrorCode#INVALID_SUBSCRIPTION}, or the query's own codes)
 * with the JSON path of the member, or OperationNotSupported for members the hub does not
 * implement ({@link #UNSUPPORTED}).
 */
public final class SubscriptionJson {
    /** Members of 5.2.12 the hub refuses rather than ignores, since ignoring them would notify wrongly. */
    public static final List<String> UNSUPPORTED = List.of("timeInterval", "temporalQ", "csf", "scopeQ", "lang",
            "notificationTrigger", "jsonldContext");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ROOT = JsonPaths.ROOT;

    private SubscriptionJson() {
    }

    /**
     * Reads a subscription.
     *
     * @param body           the request body (its {@code @context} member, if any, is not read here)
     * @param names          the request's context: expands names and becomes the subscription's
     * @param defaultId      the id if the body has none
     * @param createdAt      the creation time to keep (now for a new subscription)
     * @param now            the write time; {@code expiresAt} must be after it when {@code checkExpiry}
     * @param checkExpiry    whether {@code expiresAt} must be in the future (it must when the request sets it)
     * @param endpointCheck  throws IllegalArgumentException, with the reason, for an endpoint no transport serves
     * @throws NgsiLdException what is wrong, and where
     */
    public static Subscription read(JsonNode body, Expander names, URI defaultId, Instant createdAt, Instant now,
            boolean checkExpiry, Consumer<URI> endpointCheck) {
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, ROOT, "a subscription is a JSON object");
        }
        if (body.has("timeInterval")) {
            // 5.2.12 forbids these pairs whatever a server supports: the request is wrong, not unsupported
            for (String member : List.of("throttling", "watchedAttributes")) {
                if (body.has(member)) {
                    throw invalid(path(member), member + " and timeInterval exclude each other (5.2.12)");
                }
            }
        }
        for (String member : UNSUPPORTED) {
            if (body.has(member)) {
                throw NgsiLdException.of(ErrorCode.UNSUPPORTED_SUBSCRIPTION_MEMBER, path(member),
                        member + " is not supported; notifications are sent on changes only");
            }
        }
        URI id = body.has("id") ? uri(body.get("id"), path("id"), ErrorCode.INVALID_ID) : defaultId;
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals("Subscription")) {
            throw invalid(path("type"), "type must be \"Subscription\"");
        }
        Optional<String> name = optionalText(body, "subscriptionName");
        Optional<String> description = optionalText(body, "description");
        List<Subscription.EntitySelector> entities = entities(body.get("entities"), names);
        Set<String> watched = names(body.get("watchedAttributes"), path("watchedAttributes"), names);
        if (entities.isEmpty() && watched.isEmpty()) {
            throw invalid(ROOT, "a subscription needs entities or watchedAttributes (5.2.12)");
        }
        Optional<String> q = optionalText(body, "q");
        q.ifPresent(text -> {
            try {
                Query.parse(text, names::expand);
            } catch (NgsiLdException e) {
                throw NgsiLdException.of(e.code(), path("q"), detail(e));
            }
        });
        Optional<Subscription.GeoQ> geoQ = geoQ(body.get("geoQ"), names);
        JsonNode notification = body.get("notification");
        if (notification == null || !notification.isObject()) {
            throw invalid(path("notification"), "notification is required and must be an object");
        }
        String nPath = path("notification");
        Set<String> attributes = names(notification.get("attributes"), JsonPaths.member(nPath, "attributes"), names);
        Subscription.Format format = format(notification.get("format"), JsonPaths.member(nPath, "format"));
        JsonNode endpoint = notification.get("endpoint");
        String ePath = JsonPaths.member(nPath, "endpoint");
        if (endpoint == null || !endpoint.isObject()) {
            throw invalid(ePath, "notification.endpoint is required and must be an object");
        }
        String uriPath = JsonPaths.member(ePath, "uri");
        URI uri = uri(endpoint.get("uri"), uriPath, ErrorCode.INVALID_SUBSCRIPTION);
        try {
            endpointCheck.accept(uri);
        } catch (IllegalArgumentException e) {
            throw invalid(uriPath, e.getMessage());
        }
        String accept = "application/json";
        JsonNode acceptNode = endpoint.get("accept");
        if (acceptNode != null) {
            if (!acceptNode.isTextual() || !Subscription.ACCEPTS.contains(acceptNode.asText())) {
                throw invalid(JsonPaths.member(ePath, "accept"), "accept must be one of " + Subscription.ACCEPTS);
            }
            accept = acceptNode.asText();
        }
        Duration throttling = throttling(body.get("throttling"));
        Optional<Instant> expiresAt = Optional.empty();
        if (body.has("expiresAt")) {
            Instant at = instant(body.get("expiresAt"), path("expiresAt"));
            if (checkExpiry && !at.isAfter(now)) {
                throw invalid(path("expiresAt"), "expiresAt must be in the future: " + at);
            }
            expiresAt = Optional.of(at);
        }
        boolean active = true;
        JsonNode isActive = body.get("isActive");
        if (isActive != null) {
            if (!isActive.isBoolean()) {
                throw invalid(path("isActive"), "isActive must be true or false");
            }
            active = isActive.asBoolean();
        }
        return new Subscription(id, name, description, entities, watched, q, geoQ, attributes, format, uri, accept,
                throttling, expiresAt, active, names.context(), createdAt, now);
    }

    /**
     * The subscription as NGSI-LD JSON, names compacted with {@code names}, with its status members.
     * No {@code @context}: the caller adds one, or a Link header.
     */
    public static ObjectNode write(Subscription s, DeliveryStatus status, Expander names, Instant now) {
        ObjectNode out = NODES.objectNode();
        out.put("id", s.id().toString());
        out.put("type", "Subscription");
        s.name().ifPresent(n -> out.put("subscriptionName", n));
        s.description().ifPresent(d -> out.put("description", d));
        if (!s.entities().isEmpty()) {
            ArrayNode entities = out.putArray("entities");
            for (Subscription.EntitySelector e : s.entities()) {
                ObjectNode node = entities.addObject();
                e.id().ifPresent(id -> node.put("id", id.toString()));
                e.idPattern().ifPresent(p -> node.put("idPattern", p.pattern()));
                node.put("type", names.compact(e.type()));
            }
        }
        if (!s.watchedAttributes().isEmpty()) {
            ArrayNode watched = out.putArray("watchedAttributes");
            s.watchedAttributes().stream().map(names::compact).sorted().forEach(watched::add);
        }
        s.q().ifPresent(q -> out.put("q", q));
        s.geoQ().ifPresent(g -> {
            ObjectNode node = out.putObject("geoQ");
            node.put("geometry", g.geometry());
            node.set("coordinates", g.coordinates());
            node.put("georel", g.georel());
            g.geoproperty().ifPresent(p -> node.put("geoproperty", names.compact(p)));
        });
        out.put("isActive", s.active());
        ObjectNode notification = out.putObject("notification");
        if (!s.attributes().isEmpty()) {
            ArrayNode attributes = notification.putArray("attributes");
            s.attributes().stream().map(names::compact).sorted().forEach(attributes::add);
        }
        notification.put("format", s.format().json());
        ObjectNode endpoint = notification.putObject("endpoint");
        endpoint.put("uri", s.endpoint().toString());
        endpoint.put("accept", s.accept());
        notification.put("status", status.status());
        notification.put("timesSent", status.timesSent());
        notification.put("timesFailed", status.timesFailed());
        status.lastNotification().ifPresent(t -> notification.put("lastNotification", t.toString()));
        status.lastSuccess().ifPresent(t -> notification.put("lastSuccess", t.toString()));
        status.lastFailure().ifPresent(t -> notification.put("lastFailure", t.toString()));
        if (!s.throttling().isZero()) {
            long millis = s.throttling().toMillis();
            if (millis % 1000 == 0) {
                out.put("throttling", millis / 1000);
            } else {
                out.put("throttling", millis / 1000.0);
            }
        }
        s.expiresAt().ifPresent(t -> out.put("expiresAt", t.toString()));
        out.put("status", s.status(now));
        return out;
    }

    /**
     * Applies a subscription fragment to a subscription's JSON (5.4: a fragment is a JSON Merge
     * Patch, RFC 7396): each member of {@code patch} replaces {@code target}'s, except that an
     * object is merged into {@code target}'s object of the same name, member by member, and a
     * null — JSON {@code null} or the NGSI-LD Null {@value EntityJson#NGSI_LD_NULL} — removes the member.
     * Arrays are replaced whole.
     */
    static void mergePatch(ObjectNode target, JsonNode patch) {
        patch.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isNull() || value.isTextual() && value.asText().equals(EntityJson.NGSI_LD_NULL)) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode member) {
                mergePatch(member, value);
            } else {
                target.set(e.getKey(), value);
            }
        });
    }

    // ------------------------------------------------------------------ members

    private static List<Subscription.EntitySelector> entities(JsonNode node, Expander names) {
        List<Subscription.EntitySelector> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        String at = path("entities");
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(at, "entities must be a non-empty array of {type, id?, idPattern?}");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPath = JsonPaths.element(at, i);
            if (!item.isObject()) {
                throw invalid(itemPath, "an entities member is an object {type, id?, idPattern?}");
            }
            JsonNode type = item.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw invalid(JsonPaths.member(itemPath, "type"), "type is required and must be a string");
            }
            Optional<URI> id = item.has("id")
                    ? Optional.of(uri(item.get("id"), JsonPaths.member(itemPath, "id"), ErrorCode.INVALID_ID))
                    : Optional.empty();
            Optional<Pattern> pattern = Optional.empty();
            JsonNode idPattern = item.get("idPattern");
            if (idPattern != null) {
                String patternPath = JsonPaths.member(itemPath, "idPattern");
                if (!idPattern.isTextual()) {
                    throw invalid(patternPath, "idPattern must be a string");
                }
                try {
                    pattern = Optional.of(Pattern.compile(idPattern.asText()));
                } catch (PatternSyntaxException e) {
                    throw invalid(patternPath, "not a regular expression: " + e.getDescription());
                }
            }
            result.add(new Subscription.EntitySelector(names.expand(type.asText()), id, pattern));
        }
        return result;
    }

    /** A list of attribute names, expanded; empty if the member is absent. */
    private static Set<String> names(JsonNode node, String at, Expander names) {
        Set<String> result = new LinkedHashSet<>();
        if (node == null) {
            return result;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(at, "must be a non-empty array of attribute names");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw invalid(JsonPaths.element(at, i), "an attribute name is a non-empty string");
            }
            result.add(names.expand(item.asText()));
        }
        return result;
    }

    private static Optional<Subscription.GeoQ> geoQ(JsonNode node, Expander names) {
        if (node == null) {
            return Optional.empty();
        }
        String at = path("geoQ");
        if (!node.isObject()) {
            throw invalid(at, "geoQ must be an object {geometry, coordinates, georel, geoproperty?}");
        }
        String georel = requiredText(node, "georel", at);
        String geometry = requiredText(node, "geometry", at);
        JsonNode coordinates = node.get("coordinates");
        if (coordinates == null || !coordinates.isArray() && !coordinates.isTextual()) {
            throw invalid(JsonPaths.member(at, "coordinates"), "coordinates must be a GeoJSON coordinates array");
        }
        String coordinatesText = coordinates.isTextual() ? coordinates.asText() : coordinates.toString();
        Optional<String> geoproperty = optionalText(node, "geoproperty", at).map(names::expand);
        try {
            GeoQuery.parse(georel, geometry, coordinatesText, geoproperty, p -> p);
        } catch (NgsiLdException e) {
            throw NgsiLdException.of(e.code(), JsonPaths.member(at, e.jsonPath()), detail(e));
        }
        JsonNode parsedCoordinates = coordinates.isTextual() ? EntityJson.parse(coordinatesText)
                : coordinates;
        return Optional.of(new Subscription.GeoQ(georel, geometry, parsedCoordinates, geoproperty));
    }

    /** The filter a subscription's {@code q} and {@code geoQ} make, read with its own context. */
    static Predicate<Entity> filter(Subscription s, Expander names) {
        Predicate<Entity> filter = e -> true;
        if (s.q().isPresent()) {
            filter = Query.parse(s.q().get(), names::expand);
        }
        if (s.geoQ().isPresent()) {
            Subscription.GeoQ g = s.geoQ().get();
            // geoproperty is kept expanded; its default, location, is a term to expand like any other
            Optional<String> property = Optional.of(g.geoproperty().orElseGet(() -> names.expand("location")));
            filter = filter.and(GeoQuery.parse(g.georel(), g.geometry(), g.coordinates().toString(), property, p -> p));
        }
        return filter;
    }

    private static Subscription.Format format(JsonNode node, String at) {
        if (node == null) {
            return Subscription.Format.NORMALIZED;
        }
        for (Subscription.Format f : Subscription.Format.values()) {
            if (node.isTextual() && f.json().equals(node.asText())) {
                return f;
            }
        }
        throw invalid(at, "format must be \"normalized\" or \"keyValues\"");
    }

    private static Duration throttling(JsonNode node) {
        if (node == null) {
            return Duration.ZERO;
        }
        if (!node.isNumber() || node.asDouble() <= 0 || node.asDouble() > 31_536_000) {
            throw invalid(path("throttling"), "throttling is a positive number of seconds (at most a year)");
        }
        return Duration.ofMillis(Math.round(node.asDouble() * 1000));
    }

    // ------------------------------------------------------------------ helpers

    private static String path(String member) {
        return JsonPaths.member(ROOT, member);
    }

    private static NgsiLdException invalid(String at, String message) {
        return NgsiLdException.of(ErrorCode.INVALID_SUBSCRIPTION, at, message);
    }

    /** The message of {@code e} without its own path. */
    private static String detail(NgsiLdException e) {
        String message = e.getMessage();
        String prefix = e.jsonPath() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static URI uri(JsonNode node, String at, ErrorCode code) {
        if (node != null && node.isTextual()) {
            try {
                URI uri = new URI(node.asText());
                if (uri.isAbsolute()) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        throw NgsiLdException.of(code, at, "must be an absolute URI: " + node);
    }

    private static Instant instant(JsonNode node, String at) {
        if (node != null && node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw NgsiLdException.of(ErrorCode.INVALID_DATE_TIME, at, "must be a date-time with a zone, e.g. 2030-01-01T00:00:00Z");
    }

    private static Optional<String> optionalText(JsonNode body, String member) {
        return optionalText(body, member, ROOT);
    }

    private static Optional<String> optionalText(JsonNode body, String member, String parent) {
        JsonNode node = body.get(member);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(JsonPaths.member(parent, member), member + " must be a string");
        }
        return Optional.of(node.asText());
    }

    private static String requiredText(JsonNode body, String member, String parent) {
        return optionalText(body, member, parent).orElseThrow(() ->
                invalid(JsonPaths.member(parent, member), member + " is required"));
    }
}
