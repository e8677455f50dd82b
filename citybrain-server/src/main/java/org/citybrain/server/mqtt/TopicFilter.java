package org.citybrain.server.mqtt;

import java.util.Objects;

/**
 * An MQTT topic filter (MQTT 3.1.1 §4.7, 5.0 §4.7): levels separated by {@code /}, where {@code +}
 * matches exactly one level and {@code #}, last, matches the parent level and any below it. As the
 * standard requires, a filter starting with a wildcard does not match topics starting with
 * {@code $}.
 *
 * @param text the filter as the client sent it
 */
record TopicFilter(String text) {

    TopicFilter {
        Objects.requireNonNull(text, "text");
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a valid topic filter: '" + text + "'");
        }
    }

    /** Whether {@code filter} is a well-formed filter: non-empty, wildcards alone in their level, {@code #} last. */
    static boolean isValid(String filter) {
        if (filter.isEmpty() || filter.indexOf('\0') >= 0) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                boolean aloneBefore = i == 0 || filter.charAt(i - 1) == '/';
                boolean aloneAfter = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!aloneBefore || !aloneAfter || c == '#' && i != n - 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code topic} is a valid topic name to publish to: non-empty, no wildcards. */
    static boolean isValidTopicName(String topic) {
        return !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    /** Whether a message published to {@code topic} (a topic name, no wildcards) goes to this filter. */
    boolean matches(String topic) {
        if (topic.startsWith("$") && (text.startsWith("+") || text.startsWith("#"))) {
            return false;
        }
        String[] filter = text.split("/", -1);
        String[] name = topic.split("/", -1);
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                return true; // also "sport/#" for "sport": '#' covers the parent level
            }
            if (i >= name.length || !filter[i].equals("+") && !filter[i].equals(name[i])) {
                return false;
            }
        }
        return filter.length == name.length;
    }

    @Override
    public String toString() {
        return text;
    }
}
