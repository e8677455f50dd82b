package org.citybrain.govern.rules;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One episode of one rule on one entity, as the rules engine reports it; written to the hub as a
 * Smart Data Models {@code Alert} entity by {@link HubAlerts}.
 *
 * @param id         stable for the episode: rule, entity and the time the episode began
 * @param rule       the rule that found it
 * @param entityId   the entity whose readings breached
 * @param entityType its type
 * @param from       the first breaching reading (for absence: the last reading before the silence)
 * @param issued     when the alert was raised (the reading that completed the persistence)
 * @param to         when the episode ended (the first reading back to normal, or the last
 *                   breaching one when a gap ended it); empty while active
 * @param lastBreach the latest breaching reading
 * @param readings   breaching readings so far
 * @param worst      the farthest value from normal so far (highest above, lowest below; the
 *                   largest rate; the value of the largest deviation), NaN for absence
 * @param reopened   times the suppression window folded a new breach into this alert
 */
public record Alert(String id, Rule rule, URI entityId, String entityType, Instant from, Instant issued,
        Optional<Instant> to, Instant lastBreach, int readings, double worst, int reopened) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(lastBreach, "lastBreach");
    }

    public boolean active() {
        return to.isEmpty();
    }

    /** The hub entity id of this alert. */
    public URI entityUri() {
        return URI.create("urn:ngsi-ld:Alert:" + id);
    }
}
