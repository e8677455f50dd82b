package org.citybrain.hub.entity;

import java.util.regex.Pattern;

/**
 * Decides which attributes of the simplified (keyValues) and NGSI-v2 forms are Relationships.
 * These forms say nothing about it, so the reader asks this rule, and makes an attribute a
 * Relationship only if the rule says its name is one <em>and</em> its value is a URI or a
 * non-empty array of URIs; otherwise it stays a Property.
 */
@FunctionalInterface
public interface RelationshipRule {

    /**
     * The Smart Data Models naming convention: {@code ref} followed by a capital letter
     * ({@code refDevice}, {@code refRoad}, {@code refParkingSite}, ...).
     */
    RelationshipRule CONVENTION = new RelationshipRule() {
        private final Pattern ref = Pattern.compile("ref[A-Z].*");

        @Override
        public boolean isRelationship(String entityType, String attributeName) {
            return ref.matcher(attributeName).matches();
        }
    };

    /** Whether attribute {@code attributeName} of entities of {@code entityType} links to entities. */
    boolean isRelationship(String entityType, String attributeName);

    /** This rule or {@code other}. */
    default RelationshipRule or(RelationshipRule other) {
        return (type, name) -> isRelationship(type, name) || other.isRelationship(type, name);
    }
}
