package org.citybrain.hub.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A test of one value an attribute path names, by the kind of value found. */
interface ValueTest {

    boolean number(double value);

    boolean text(String value);

    boolean bool(boolean value);

    /** A metadata instant ({@code observedAt}, ...). */
    boolean instant(Instant value);

    /** An object of a Relationship (a URI). */
    boolean object(String uri);

    /**
     * A Property value: scalars by kind; an array if any element passes (NGSI-LD compares each
     * member of an array value); a JSON-LD typed literal ({@code {"@type": "DateTime",
     * "@value": ...}}) by its {@code @value}; other objects never pass.
     */
    default boolean json(JsonNode value) {
        switch (value.getNodeType()) {
            case NUMBER:
                return number(value.doubleValue());
            case STRING:
                return text(value.textValue());
            case BOOLEAN:
                return bool(value.booleanValue());
            case ARRAY:
                for (JsonNode element : value) {
                    if (json(element)) {
                        return true;
                    }
                }
                return false;
            case OBJECT:
                JsonNode literal = value.get("@value");
                return literal != null && !literal.isContainerNode() && json(literal);
            default:
                return false;
        }
    }
}
