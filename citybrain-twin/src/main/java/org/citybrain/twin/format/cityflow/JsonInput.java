package org.citybrain.twin.format.cityflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.citybrain.twin.TwinFormatException;

/**
 * One JSON file read into a Jackson tree, with typed field access that reports the JSON path
 * ({@code $.roads[3].lanes[1].maxSpeed}) of anything missing, mistyped or invalid.
 */
final class JsonInput {
    // Duplicate keys would silently keep the last value.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String source;

    JsonInput(String source) {
        this.source = source;
    }

    /** Parses the whole file; location of a syntax error is {@code line L, column C}. */
    JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = MAPPER.createParser(in)) {
            JsonNode root = MAPPER.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw fail("", "file is empty");
            }
            // Content after the document usually means two files were concatenated.
            if (parser.nextToken() != null) {
                throw fail(at(parser.currentTokenLocation()), "unexpected content after the end of the JSON document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new TwinFormatException(source, at(e.getLocation()), "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new TwinFormatException(source, "", "cannot read file: no such file", e);
        } catch (AccessDeniedException e) {
            throw new TwinFormatException(source, "", "cannot read file: permission denied", e);
        } catch (IOException e) {
            throw new TwinFormatException(source, "", "cannot read file: " + e.getMessage(), e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw expected(path, "an object", node);
        }
        return node;
    }

    JsonNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw expected(path, "an array", node);
        }
        return node;
    }

    String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw expected(path, "a string", node);
        }
        return node.textValue();
    }

    int integer(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw expected(path, "an integer", node);
        }
        return node.intValue();
    }

    // Field accessors build the field's path only on failure: they run for every value of a 2 MB file.

    JsonNode objectField(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "an object");
        if (!v.isObject()) {
            throw expected(path + "." + name, "an object", v);
        }
        return v;
    }

    JsonNode arrayField(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "an array");
        if (!v.isArray()) {
            throw expected(path + "." + name, "an array", v);
        }
        return v;
    }

    /** The array, or {@code null} when the field is absent or JSON null. */
    JsonNode optionalArrayField(JsonNode obj, String path, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw expected(path + "." + name, "an array", v);
        }
        return v;
    }

    String text(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "a string");
        if (!v.isTextual()) {
            throw expected(path + "." + name, "a string", v);
        }
        return v.textValue();
    }

    double number(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "a number");
        if (!v.isNumber()) {
            throw expected(path + "." + name, "a number", v);
        }
        return v.doubleValue();
    }

    /** The number, or empty when the field is absent or JSON null. */
    OptionalDouble optionalNumber(JsonNode obj, String path, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw expected(path + "." + name, "a number", v);
        }
        return OptionalDouble.of(v.doubleValue());
    }

    int integer(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "an integer");
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw expected(path + "." + name, "an integer", v);
        }
        return v.intValue();
    }

    boolean bool(JsonNode obj, String path, String name) {
        JsonNode v = required(obj, path, name, "true or false");
        if (!v.isBoolean()) {
            throw expected(path + "." + name, "true or false", v);
        }
        return v.booleanValue();
    }

    /** Runs a model constructor, turning its {@link IllegalArgumentException} into a located error. */
    <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new TwinFormatException(source, path, e.getMessage(), e);
        }
    }

    TwinFormatException fail(String path, String reason) {
        return new TwinFormatException(source, path, reason);
    }

    private JsonNode required(JsonNode obj, String path, String name, String what) {
        JsonNode v = obj.get(name);
        if (v == null) {
            throw fail(path + "." + name, "missing field '" + name + "', expected " + what);
        }
        return v;
    }

    private TwinFormatException expected(String path, String what, JsonNode found) {
        return fail(path, "expected " + what + ", found " + describe(found));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> {
                String s = node.textValue();
                yield "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            }
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
