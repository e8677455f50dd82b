package org.citybrain.twin;

import java.util.Objects;

/**
 * A network or flow file that cannot be used: malformed, inconsistent or referring to something
 * that does not exist. Carries where the problem is, so the message reads
 * {@code roadnet.json: $.roads[3].startIntersection: unknown intersection 'x'}.
 */
public class TwinFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String location;
    private final String reason;

    /**
     * @param source   the file (or other source) name
     * @param location a JSON path ({@code $.roads[3]}), a line ({@code line 12}) or an element
     *                 description; empty when the problem concerns the whole file
     * @param reason   what is wrong, in words a user can act on
     */
    public TwinFormatException(String source, String location, String reason) {
        this(source, location, reason, null);
    }

    public TwinFormatException(String source, String location, String reason, Throwable cause) {
        super(format(source, location, reason), cause);
        this.source = Objects.requireNonNullElse(source, "");
        this.location = Objects.requireNonNullElse(location, "");
        this.reason = Objects.requireNonNullElse(reason, "");
    }

    private static String format(String source, String location, String reason) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        if (location != null && !location.isEmpty()) {
            sb.append(location).append(": ");
        }
        return sb.append(reason).toString();
    }

    public String source() {
        return source;
    }

    public String location() {
        return location;
    }

    public String reason() {
        return reason;
    }
}
