package org.citybrain.hub.entity;

import java.util.Optional;
import java.util.Set;

/** Rules for entity type and attribute names, shared by the records and the reader. */
final class Names {
    static final int MAX_LENGTH = 256;

    /** Members of an entity that are not attributes. */
    static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "@context", "createdAt", "modifiedAt", "deletedAt");

    private static final String FORBIDDEN = "<>\"'=;()";

    private Names() {
    }

    /** Why {@code name} is not a valid entity type or attribute name, or empty if it is. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a name cannot be empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("a name has at most " + MAX_LENGTH + " characters");
        }
        if (name.charAt(0) == '@') {
            return Optional.of("a name cannot start with '@' (JSON-LD keyword): " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("a name cannot contain whitespace, control characters or any of "
                        + FORBIDDEN + ": " + name);
            }
        }
        return Optional.empty();
    }

    static void require(String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }
}
