package org.citybrain.hub.entity;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link EntityJson} reads entities.
 *
 * @param idPolicy          what to do with ids that are not URIs
 * @param localTimeZone     the zone in which a date-time without offset (e.g.
 *                          {@code 2016-03-15T11:00:00}) is read; empty rejects such date-times with
 *                          {@link ErrorCode#DATE_TIME_WITHOUT_ZONE}. See
 *                          {@code docs/decisions/0003-dates-without-time-zone.md}.
 * @param relationshipRule  which simplified attributes are Relationships
 */
public record ReadOptions(IdPolicy idPolicy, Optional<ZoneId> localTimeZone, RelationshipRule relationshipRule) {

    public ReadOptions {
        Objects.requireNonNull(idPolicy, "idPolicy");
        Objects.requireNonNull(localTimeZone, "localTimeZone");
        Objects.requireNonNull(relationshipRule, "relationshipRule");
    }

    /** The NGSI-LD API's rules: URI ids, date-times with offsets, the {@code ref...} convention. */
    public static ReadOptions strict() {
        return new ReadOptions(IdPolicy.REQUIRE_URI, Optional.empty(), RelationshipRule.CONVENTION);
    }

    /**
     * The rules for ingesting data from the city: as {@link #strict()}, but a date-time without
     * offset is local time in {@code zone} (the platform's configured zone) and is stored as an
     * instant.
     */
    public static ReadOptions ingesting(ZoneId zone) {
        return strict().withLocalTimeZone(zone);
    }

    /**
     * The rules for importing legacy and third-party documents (NGSI-v2, the Smart Data Models
     * examples): as {@link #ingesting(ZoneId)}, and bare ids are qualified as URNs.
     */
    public static ReadOptions importing(ZoneId zone) {
        return ingesting(zone).withIdPolicy(IdPolicy.QUALIFY_BARE_IDS);
    }

    public ReadOptions withIdPolicy(IdPolicy policy) {
        return new ReadOptions(policy, localTimeZone, relationshipRule);
    }

    public ReadOptions withLocalTimeZone(ZoneId zone) {
        return new ReadOptions(idPolicy, Optional.of(zone), relationshipRule);
    }

    public ReadOptions withRelationshipRule(RelationshipRule rule) {
        return new ReadOptions(idPolicy, localTimeZone, rule);
    }
}
