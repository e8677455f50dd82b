package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.JsonLdContext;

/**
 * An NGSI-LD subscription (ETSI GS CIM 009, clause 5.2.12) as the hub keeps it: names expanded
 * (IRIs), validated by {@link SubscriptionJson#read}. Immutable; its delivery status lives apart
 * ({@link DeliveryStatus}).
 *
 * @param id                the subscription's id, an absolute URI
 * @param name              {@code subscriptionName}, free text
 * @param description       free text
 * @param entities          which entities: any of these selectors; empty means any entity (then
 *                          {@code watchedAttributes} is not empty)
 * @param watchedAttributes a change notifies only if it touches one of these; empty means any
 * @param q                 the query ({@code q}) an entity must match when notified, as written in
 *                          the terms of {@code context}
 * @param geoQ              the geo-query an entity must match when notified
 * @param attributes        the attributes a notification carries; empty means all
 * @param format            the notified entities' representation
 * @param endpoint          where notifications go ({@code http:}, {@code https:} or {@code mqtt:})
 * @param accept            the media type of notifications: {@code application/json} or
 *                          {@code application/ld+json}
 * @param throttling        the least time between two notifications; zero means none
 * @param expiresAt         after it, no notifications
 * @param active            {@code isActive}: false pauses the subscription
 * @param context           the {@code @context} of the request that wrote it: {@code q} is read,
 *                          and notifications compacted, with it
 * @param createdAt         when it was created
 * @param modifiedAt        when it was last changed
 */
public record Subscription(URI id, Optional<String> name, Optional<String> description, List<EntitySelector> entities,
        Set<String> watchedAttributes, Optional<String> q, Optional<GeoQ> geoQ, Set<String> attributes, Format format,
        URI endpoint, String accept, Duration throttling, Optional<Instant> expiresAt, boolean active, JsonLdContext context,
        Instant createdAt, Instant modifiedAt) {

    /** The media types notifications can have. */
    public static final List<String> ACCEPTS = List.of("application/json", "application/ld+json");

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        entities = List.copyOf(entities);
        watchedAttributes = Set.copyOf(watchedAttributes);
        if (entities.isEmpty() && watchedAttributes.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs entities or watchedAttributes");
        }
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(geoQ, "geoQ");
        attributes = Set.copyOf(attributes);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoint.isAbsolute()) {
            throw new IllegalArgumentException("the endpoint must be an absolute URI: " + endpoint);
        }
        if (!ACCEPTS.contains(accept)) {
            throw new IllegalArgumentException("accept must be one of " + ACCEPTS + ": " + accept);
        }
        if (throttling.isNegative()) {
            throw new IllegalArgumentException("throttling cannot be negative: " + throttling);
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }

    /** Whether it notifies at {@code now}: active and not expired. */
    public boolean notifiesAt(Instant now) {
        return active && expiresAt.map(now::isBefore).orElse(true);
    }

    /** {@code active}, {@code paused} or {@code expired} (the status member, 5.2.12). */
    public String status(Instant now) {
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return "expired";
        }
        return active ? "active" : "paused";
    }

    /** Whether a change of {@code type}'s entity {@code id} is one this subscription watches, by id and type. */
    boolean selects(URI id, String type) {
        if (entities.isEmpty()) {
            return true;
        }
        for (EntitySelector s : entities) {
            if (s.selects(id, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One {@code entities} member (EntityInfo, 5.2.8): a type, and optionally an id or a pattern of
     * ids (the id wins when both are given, as the clause says).
     */
    public record EntitySelector(String type, Optional<URI> id, Optional<Pattern> idPattern) {
        public EntitySelector {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(idPattern, "idPattern");
        }

        boolean selects(URI entity, String entityType) {
            if (!type.equals(entityType)) {
                return false;
            }
            if (id.isPresent()) {
                return id.get().equals(entity);
            }
            return idPattern.map(p -> p.matcher(entity.toString()).matches()).orElse(true);
        }
    }

    /**
     * A geo-query (GeoQuery, 5.2.13) as given: {@code coordinates} is the GeoJSON coordinates,
     * {@code geoproperty} expanded (empty: {@code location}).
     */
    public record GeoQ(String georel, String geometry, JsonNode coordinates, Optional<String> geoproperty) {
        public GeoQ {
            Objects.requireNonNull(georel, "georel");
            Objects.requireNonNull(geometry, "geometry");
            coordinates = coordinates.deepCopy();
            Objects.requireNonNull(geoproperty, "geoproperty");
        }

        @Override
        public JsonNode coordinates() {
            return coordinates.deepCopy();
        }
    }

    /** The representation of notified entities ({@code notification.format}). */
    public enum Format {
        NORMALIZED("normalized"),
        KEY_VALUES("keyValues");

        private final String json;

        Format(String json) {
            this.json = json;
        }

        /** The name in NGSI-LD documents. */
        public String json() {
            return json;
        }
    }
}
