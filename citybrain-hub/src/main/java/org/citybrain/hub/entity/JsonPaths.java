package org.citybrain.hub.entity;

import java.util.regex.Pattern;

/** Builds the JSON paths that errors point at: {@code $.speed.value}, {@code $['a b'][0]}. */
public final class JsonPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The whole document. */
    public static final String ROOT = "$";

    private JsonPaths() {
    }

    /** The member {@code name} of the object at {@code parent}. */
    public static String member(String parent, String name) {
        if (PLAIN.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The element {@code index} of the array at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
