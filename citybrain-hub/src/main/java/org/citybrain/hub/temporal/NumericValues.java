package org.citybrain.hub.temporal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The number in a stored attribute's {@code value} member, read with the streaming parser (no
 * tree: aggregation reads every instance of a range).
 */
final class NumericValues {
    private static final JsonFactory JSON = new JsonFactory();

    private NumericValues() {
    }

    /**
     * The top-level {@code value} of {@code attributeJson} if it is a JSON number, else NaN (a
     * string, boolean, object, array, a Relationship, unreadable text).
     */
    static double of(String attributeJson) {
        try (JsonParser parser = JSON.createParser(attributeJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Double.NaN;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("value".equals(name)) {
                    return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                            ? parser.getDoubleValue() : Double.NaN;
                }
                parser.skipChildren();
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
