package org.citybrain.hub.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Date-times on the way in: instants for the NGSI-LD temporal members, and the local-time rule of
 * decision 0003 for values.
 */
final class DateTimes {
    /** An ISO 8601 date-time without offset: the shape that decision 0003 is about. */
    static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    private DateTimes() {
    }

    /** Reads an instant member ({@code observedAt}, {@code createdAt}, ...). */
    static Instant instant(JsonNode node, String path, Optional<ZoneId> zone) {
        if (node == null || !node.isTextual()) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, path, "must be a date-time string");
        }
        return instant(node.asText(), path, zone);
    }

    static Instant instant(String text, String path, Optional<ZoneId> zone) {
        if (LOCAL.matcher(text).matches()) {
            ZoneId z = zone.orElseThrow(() -> new BadRequestDataException(ErrorCode.DATE_TIME_WITHOUT_ZONE, path,
                    "date-time without time zone: " + text + " (add Z or an offset)"));
            return LocalDateTime.parse(text).atZone(z).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, path,
                    "not an ISO 8601 date-time with offset: " + text);
        }
    }

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * A Property value with its date-time normalised: a string that is a date-time without offset,
     * or a typed literal {@code {"@type": "DateTime", "@value": ...}}, becomes an instant in UTC
     * ({@code ...Z}); in strict mode (no zone) a date-time without offset is rejected. Other values,
     * and anything nested deeper, are returned as they are.
     */
    static JsonNode normaliseValue(JsonNode value, String path, Optional<ZoneId> zone) {
        if (value.isTextual() && LOCAL.matcher(value.asText()).matches()) {
            return JsonNodeFactory.instance.textNode(format(instant(value.asText(), path, zone)));
        }
        if (isTypedDateTime(value)) {
            String at = JsonPaths.member(path, "@value");
            Instant instant = instant(value.get("@value"), at, zone);
            String text = value.get("@value").asText();
            if (LOCAL.matcher(text).matches()) {
                ObjectNode copy = value.deepCopy();
                copy.put("@value", format(instant));
                return copy;
            }
        }
        return value;
    }

    static boolean isTypedDateTime(JsonNode value) {
        return value.isObject() && "DateTime".equals(value.path("@type").asText(null)) && value.has("@value");
    }
}
