package org.citybrain.server.security;

import java.security.Principal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user of the API: a unique name and a role.
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-'
 * @param role what the user may do
 */
public record User(String name, Role role) implements Principal {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public User {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name has 1 to 64 letters, digits, '.', '_' or '-': '" + name + "'");
        }
        Objects.requireNonNull(role, "role");
    }

    /** The name, as Spring Security asks a principal for it on every request. */
    @Override
    public String getName() {
        return name;
    }
}
