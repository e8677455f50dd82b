package org.citybrain.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.InvalidRequestException;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.store.Reading;

/**
 * The tree-based telemetry reader that {@link TelemetryParser} replaced: every compact value goes
 * through {@link EntityJson} as a one-attribute entity. Slow, but obviously right; kept as the
 * reference that {@code TelemetryParserEquivalenceTest} compares the streaming parser against.
 */
final class TreeTelemetryParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> COMPACT_MEMBERS = Set.of("ts", "values");

    private final IngestOptions options;
    private final ReadOptions readOptions;

    TreeTelemetryParser(IngestOptions options) {
        this.options = options;
        this.readOptions = ReadOptions.ingesting(options.zone());
    }

    List<Reading> parse(byte[] payload, Device device, Instant now) {
        if (payload.length > options.maxPayloadBytes()) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, JsonPaths.ROOT,
                    "a payload has at most " + options.maxPayloadBytes() + " bytes, this one " + payload.length);
        }
        JsonNode root = EntityJson.parse(new String(payload, StandardCharsets.UTF_8));
        Instant latestAllowed = now.plus(options.maxClockSkew());
        List<Reading> readings = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw new BadRequestDataException(ErrorCode.MISSING_VALUE, JsonPaths.ROOT, "an empty list has no readings");
            }
            for (int i = 0; i < root.size(); i++) {
                compact(root.get(i), JsonPaths.element(JsonPaths.ROOT, i), device, latestAllowed, readings);
            }
        } else if (root.isObject() && (root.has("ts") || root.has("values"))) {
            compact(root, JsonPaths.ROOT, device, latestAllowed, readings);
        } else if (root.isObject()) {
            fragment((ObjectNode) root, device, latestAllowed, readings);
        } else {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, JsonPaths.ROOT,
                    "telemetry is an object ({\"ts\": ..., \"values\": {...}} or NGSI-LD attributes) or a list of them");
        }
        return readings;
    }

    private void compact(JsonNode node, String path, Device device, Instant latestAllowed, List<Reading> out) {
        if (!node.isObject()) {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, path, "a reading is an object {\"ts\": ..., \"values\": {...}}");
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!COMPACT_MEMBERS.contains(member.getKey())) {
                throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, JsonPaths.member(path, member.getKey()),
                        "unknown member; a compact reading has only ts and values");
            }
        }
        String tsPath = JsonPaths.member(path, "ts");
        JsonNode ts = node.get("ts");
        if (ts == null) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, tsPath,
                    "ts is required: the observation time in milliseconds since 1970-01-01T00:00:00Z");
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong() || ts.asLong() < 0) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, tsPath,
                    "ts is a whole, non-negative number of milliseconds since 1970-01-01T00:00:00Z, not " + ts);
        }
        Instant observedAt = Instant.ofEpochMilli(ts.asLong());
        checkNotFuture(observedAt, latestAllowed, tsPath);
        String valuesPath = JsonPaths.member(path, "values");
        JsonNode values = node.get("values");
        if (values == null || !values.isObject()) {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, valuesPath,
                    "values is an object of telemetry keys and values");
        }
        if (values.isEmpty()) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, valuesPath, "a reading needs at least one value");
        }
        Set<String> attributes = new HashSet<>();
        for (Map.Entry<String, JsonNode> field : values.properties()) {
            String keyPath = JsonPaths.member(valuesPath, field.getKey());
            String attribute = device.attributeFor(field.getKey());
            if (!attributes.add(attribute)) {
                throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, keyPath,
                        "a second value for attribute " + attribute + " in one reading (check the device's mapping)");
            }
            TelemetryParser.requireAttributeName(attribute, keyPath);
            ObjectNode asEntity = NODES.objectNode();
            asEntity.put("id", device.entityId().toString());
            asEntity.put("type", device.entityType());
            asEntity.set(attribute, field.getValue());
            Attribute read;
            try {
                read = EntityJson.read(asEntity, Representation.KEY_VALUES, readOptions).attributes().get(attribute);
            } catch (NgsiLdException e) {
                throw relocated(e, JsonPaths.member(JsonPaths.ROOT, attribute), keyPath);
            }
            add(device, attribute, observedAt, read, out);
        }
    }

    private void fragment(ObjectNode root, Device device, Instant latestAllowed, List<Reading> out) {
        JsonNode id = root.get("id");
        if (id != null && !device.entityId().toString().equals(id.asText())) {
            throw new BadRequestDataException(ErrorCode.INVALID_ID, JsonPaths.member(JsonPaths.ROOT, "id"),
                    "device " + device.id() + " feeds " + device.entityId() + ", not " + id);
        }
        JsonNode type = root.get("type");
        if (type != null && !device.entityType().equals(type.asText())) {
            throw new BadRequestDataException(ErrorCode.INVALID_TYPE, JsonPaths.member(JsonPaths.ROOT, "type"),
                    "device " + device.id() + " feeds an entity of type " + device.entityType() + ", not " + type);
        }
        ObjectNode asEntity = root.deepCopy();
        asEntity.put("id", device.entityId().toString());
        asEntity.put("type", device.entityType());
        // same member layout as the payload, so the reader's paths are the payload's paths
        Entity entity = EntityJson.read(asEntity, Representation.NORMALIZED, readOptions);
        if (entity.attributes().isEmpty()) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, JsonPaths.ROOT, "no attributes to ingest");
        }
        entity.attributes().forEach((name, attribute) -> {
            String path = JsonPaths.member(JsonPaths.member(JsonPaths.ROOT, name), "observedAt");
            Instant observedAt = attribute.meta().observedAt().orElseThrow(() -> new BadRequestDataException(
                    ErrorCode.INVALID_DATE_TIME, path,
                    "observedAt is required in telemetry: it is the observation time and the idempotence key"));
            checkNotFuture(observedAt, latestAllowed, path);
            add(device, name, observedAt, attribute, out);
        });
    }

    private void add(Device device, String attribute, Instant observedAt, Attribute value, List<Reading> out) {
        if (out.size() >= options.maxReadingsPerPayload()) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, JsonPaths.ROOT,
                    "a payload has at most " + options.maxReadingsPerPayload() + " readings (values)");
        }
        ObjectNode normalized = EntityJson.normalized(value);
        normalized.remove("observedAt");
        out.add(new Reading(device.id(), device.entityId(), device.entityType(), attribute, observedAt, normalized.toString()));
    }

    private static void checkNotFuture(Instant observedAt, Instant latestAllowed, String path) {
        if (observedAt.isAfter(latestAllowed)) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, path,
                    "observation time " + observedAt + " is in the future (later than " + latestAllowed + ")");
        }
    }

    /** The same error with its path moved from where the reader saw it to where it is in the payload. */
    private static NgsiLdException relocated(NgsiLdException e, String readerPrefix, String payloadPrefix) {
        String path = e.jsonPath().startsWith(readerPrefix)
                ? payloadPrefix + e.jsonPath().substring(readerPrefix.length()) : payloadPrefix;
        String prefix = e.jsonPath() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return NgsiLdException.of(e.code(), path, message);
    }
}
