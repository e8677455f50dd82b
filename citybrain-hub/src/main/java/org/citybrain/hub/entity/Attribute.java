package org.citybrain.hub.entity;

/**
 * One NGSI-LD attribute of an entity: a {@link Property} (a value), a {@link Relationship} (a link
 * to other entities) or a {@link GeoProperty} (a GeoJSON geometry). Immutable.
 */
public sealed interface Attribute permits Property, Relationship, GeoProperty {

    /** Metadata: observedAt, datasetId, sub-attributes, system times. */
    AttributeMeta meta();

    /** The NGSI-LD {@code type} member of the normalized form: Property, Relationship or GeoProperty. */
    String kind();

    /** The same attribute without system times ({@code createdAt}/{@code modifiedAt}). */
    Attribute withoutSystemTimes();
}
