package org.citybrain.server.security;

/**
 * What a user may do. Each role includes the ones below it; docs/server.md has the full matrix,
 * and {@code AccessMatrixTest} proves it call by call.
 */
public enum Role {
    /** Reads the context, history and device list. */
    VIEWER,
    /** Also writes entities, subscriptions and registers devices. */
    OPERATOR,
    /** Also manages users; everything. */
    ADMIN;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether this role includes {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
