package org.citybrain.hub.entity;

/** Builds the JSON paths that errors point at: {@code $.speed.value}, {@code $['a b'][0]}. */
public final class JsonPaths {
    /** The whole document. */
    public static final String ROOT = "$";

    private JsonPaths() {
    }

    /** The member {@code name} of the object at {@code parent}. */
    public static String member(String parent, String name) {
        if (plain(name)) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /**
     * Whether {@code name} is {@code [A-Za-z_][A-Za-z0-9_]*}; a loop, not a regular expression,
     * because every member read computes its path (a fifth of replaying the context log).
     */
    private static boolean plain(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The element {@code index} of the array at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
