package org.citybrain.govern.rules;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.BatchResult;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;

/**
 * Writes alerts to the hub as Smart Data Models {@code Alert} entities ({@code urn:ngsi-ld:Alert:<alert id>}),
 * one per episode: created when raised, updated when re-opened or cleared ({@code validTo} set).
 * The alert takes its {@code location} from the entity whose readings breached, when it has one.
 *
 * <p>Members: {@code category}, {@code subCategory}, {@code severity}, {@code description},
 * {@code alertSource} (the entity id), {@code dateIssued}, {@code validFrom}, {@code validTo},
 * {@code location}, and {@code data} with the rule id, attribute, breaching readings, the worst
 * value and how often the suppression window re-opened the alert.
 */
public final class HubAlerts implements AlertSink {
    /** The Smart Data Models {@code @context} of {@code Alert}. */
    public static final String ALERT_CONTEXT = "https://raw.githubusercontent.com/smart-data-models/dataModel.Alert/master/context.jsonld";
    private static final System.Logger LOG = System.getLogger(HubAlerts.class.getName());

    private final ContextStore store;
    private final Expander names;
    private final String type;

    public HubAlerts(ContextStore store, Contexts contexts) {
        this.store = Objects.requireNonNull(store, "store");
        this.names = contexts.expander(JsonLdContext.of(ALERT_CONTEXT));
        this.type = names.expand("Alert");
    }

    @Override
    public void accept(Change change, Alert alert) {
        Entity entity = entity(alert);
        BatchResult result = store.batch(BatchOperation.UPSERT_UPDATE, List.of(entity));
        if (!result.errors().isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "alert {0} could not be written to the hub: {1}", alert.id(), result.errors());
        }
    }

    /** The {@code Alert} entity of {@code alert}, names expanded as the hub stores them. */
    public Entity entity(Alert alert) {
        Rule rule = alert.rule();
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put(names.expand("category"), Property.of(rule.category()));
        rule.subCategory().ifPresent(s -> a.put(names.expand("subCategory"), Property.of(s)));
        a.put(names.expand("severity"), Property.of(rule.severity().sdmName()));
        a.put(names.expand("description"), Property.of(describe(alert)));
        a.put(names.expand("alertSource"), Property.of(alert.entityId().toString()));
        a.put(names.expand("dateIssued"), dateTime(alert.issued()));
        a.put(names.expand("validFrom"), dateTime(alert.from()));
        alert.to().ifPresent(to -> a.put(names.expand("validTo"), dateTime(to)));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("rule", rule.id());
        data.put("attribute", rule.attribute());
        data.put("readings", alert.readings());
        if (Double.isFinite(alert.worst())) {
            data.put("worst", alert.worst());
        }
        data.put("reopened", alert.reopened());
        data.put("active", alert.active());
        a.put(names.expand("data"), Property.of(data));
        location(alert.entityId()).ifPresent(g -> a.put(names.expand("location"), g));
        return new Entity(alert.entityUri(), type, a, JsonLdContext.EMPTY, Optional.empty(), Optional.empty());
    }

    /** One line about the alert: the rule, the entity, the worst value, when. */
    public static String describe(Alert alert) {
        StringBuilder s = new StringBuilder(alert.rule().name()).append(": ").append(alert.entityId());
        if (Double.isFinite(alert.worst())) {
            s.append(", worst ").append(alert.worst());
        }
        s.append(alert.active() ? ", active since " + alert.from() : ", from " + alert.from() + " to " + alert.to().get());
        return s.toString();
    }

    private Optional<GeoProperty> location(URI entityId) {
        try {
            return store.find(entityId).flatMap(e -> e.geoProperty(names.expand("location")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Property dateTime(Instant t) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("@type", "DateTime");
        v.put("@value", t.toString());
        return Property.of(v);
    }
}
