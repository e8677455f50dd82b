package org.citybrain.hub.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.InvalidRequestException;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.RelationshipRule;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.store.Reading;

/**
 * Turns a telemetry payload of one device into readings of its entity's attributes, or throws an
 * {@link NgsiLdException} saying what, where (JSON path into the payload) and why. It reads the
 * whole payload before returning anything, so a bad payload yields no reading at all.
 *
 * <p>Forms:
 * <ul>
 *   <li>compact: {@code {"ts": 1714550400000, "values": {"intensity": 12, "spd": 48.5}}}, ts in
 *       milliseconds since the epoch (required: it is the observation time and the idempotence
 *       key); each value is read as in the NGSI-LD simplified form (a GeoJSON geometry becomes a
 *       GeoProperty, a {@code ref...} URI a Relationship, anything else a Property), under the
 *       attribute name the device's mapping gives;</li>
 *   <li>a JSON array of compact readings;</li>
 *   <li>an NGSI-LD fragment: attributes in normalized form, each with an {@code observedAt}
 *       (required); {@code id} and {@code type}, if present, must be the device's entity's.</li>
 * </ul>
 * An object with a {@code ts} or {@code values} member is compact, any other object a fragment.
 *
 * <h2>The fast path</h2>
 * A list of compact readings (the batch form, where throughput matters) is read with Jackson's
 * streaming parser, without building a tree. A number, boolean or plain string value becomes its
 * reading's normalized JSON text directly ({@code {"type":"Property","value":12}}), byte for byte
 * what {@link EntityJson} would give. Everything the simplified-form rules could treat otherwise
 * goes through {@link EntityJson} as before: objects and arrays (GeoJSON, typed literals,
 * relationship arrays), nulls, strings that might be local date-times or relationship targets,
 * attribute names that are not plain identifiers, entity types the reader would reject. A whole
 * object payload is still read as a tree (it may be a fragment); its compact reading then runs
 * through the same code, over the tree's tokens. Errors are those of the tree reader, in the same
 * order: malformed JSON anywhere in the payload wins over any other error, then the first bad
 * reading's first fault.
 */
final class TelemetryParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> COMPACT_MEMBERS = Set.of("ts", "values");
    /** Entity members that the one-attribute entity of the tree path would clash with. */
    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "createdAt", "modifiedAt", "deletedAt");
    /** For streaming and for subtrees; no trailing-token check, since subtrees end mid-document. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROPERTY_PREFIX = "{\"type\":\"Property\",\"value\":";

    private final IngestOptions options;
    private final ReadOptions readOptions;
    private final RelationshipRule relationships;

    TelemetryParser(IngestOptions options) {
        this.options = options;
        this.readOptions = ReadOptions.ingesting(options.zone());
        this.relationships = readOptions.relationshipRule();
    }

    List<Reading> parse(byte[] payload, Device device, Instant now) {
        return parse(payload, device, now, UnaryOperator.identity());
    }

    /**
     * Like {@link #parse(byte[], Device, Instant)}, naming each reading's entity type and
     * attribute with {@code names} (their expansion against the device's context) as it is made,
     * so that no reading is copied to rename it.
     */
    List<Reading> parse(byte[] payload, Device device, Instant now, UnaryOperator<String> names) {
        if (payload.length > options.maxPayloadBytes()) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, JsonPaths.ROOT,
                    "a payload has at most " + options.maxPayloadBytes() + " bytes, this one " + payload.length);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        Instant latestAllowed = now.plus(options.maxClockSkew());
        List<Reading> readings = new ArrayList<>();
        Batch batch = new Batch(device, names);
        if (startsAList(text)) {
            list(text, batch, latestAllowed, readings);
            return readings;
        }
        JsonNode root = EntityJson.parse(text);
        if (root.isObject() && (root.has("ts") || root.has("values"))) {
            try (JsonParser tokens = MAPPER.treeAsTokens(root)) {
                tokens.nextToken();
                batch.read(tokens);
            } catch (IOException e) {
                throw new IllegalStateException("reading a tree cannot fail", e);
            }
            compact(batch, -1, latestAllowed, readings);
        } else if (root.isObject()) {
            fragment((ObjectNode) root, batch, latestAllowed, readings);
        } else {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, JsonPaths.ROOT,
                    "telemetry is an object ({\"ts\": ..., \"values\": {...}} or NGSI-LD attributes) or a list of them");
        }
        return readings;
    }

    /** Whether the first token is {@code [}; anything else, malformed JSON included, is for the tree path. */
    private static boolean startsAList(String text) {
        try (JsonParser p = MAPPER.createParser(text)) {
            return p.nextToken() == JsonToken.START_ARRAY;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A list of compact readings, streamed. The first bad reading's error is kept while the rest
     * is still parsed, because malformed JSON further on takes precedence, as in the tree reader.
     */
    private void list(String text, Batch batch, Instant latestAllowed, List<Reading> out) {
        NgsiLdException problem = null;
        int count = 0;
        try (JsonParser p = MAPPER.createParser(text)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (problem == null) {
                    try {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, JsonPaths.element(JsonPaths.ROOT, count),
                                    "a reading is an object {\"ts\": ..., \"values\": {...}}");
                        }
                        batch.read(p);
                        compact(batch, count, latestAllowed, out);
                    } catch (NgsiLdException e) {
                        problem = e;
                    }
                } else {
                    p.skipChildren();
                }
                count++;
            }
            if (p.nextToken() != null) {
                throw malformed(p.currentTokenLocation());
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        if (count == 0) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, JsonPaths.ROOT, "an empty list has no readings");
        }
        if (problem != null) {
            throw problem;
        }
    }

    /** As {@link EntityJson#parse}. */
    private static InvalidRequestException malformed(JsonLocation location) {
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidRequestException(ErrorCode.MALFORMED_JSON, JsonPaths.ROOT, "not valid JSON" + where);
    }

    /**
     * Checks the compact reading that {@code batch} has just read and adds its readings, with the
     * errors of the tree reader in its order: unknown member, ts, values, then each value.
     *
     * @param index the reading's index in the list, or -1 for a payload that is one reading
     */
    private void compact(Batch batch, int index, Instant latestAllowed, List<Reading> out) {
        String path = index < 0 ? JsonPaths.ROOT : JsonPaths.element(JsonPaths.ROOT, index);
        if (batch.unknownMember != null) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, JsonPaths.member(path, batch.unknownMember),
                    "unknown member; a compact reading has only ts and values");
        }
        if (!batch.hasTs) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, JsonPaths.member(path, "ts"),
                    "ts is required: the observation time in milliseconds since 1970-01-01T00:00:00Z");
        }
        long millis = batch.tsMillis;
        JsonNode ts = batch.tsNode;
        if (ts != null ? !ts.isIntegralNumber() || !ts.canConvertToLong() || ts.asLong() < 0 : millis < 0) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATE_TIME, JsonPaths.member(path, "ts"),
                    "ts is a whole, non-negative number of milliseconds since 1970-01-01T00:00:00Z, not "
                            + (ts != null ? ts.toString() : Long.toString(millis)));
        }
        if (ts != null) {
            millis = ts.asLong();
        }
        Instant observedAt = Instant.ofEpochMilli(millis);
        if (observedAt.isAfter(latestAllowed)) {
            checkNotFuture(observedAt, latestAllowed, JsonPaths.member(path, "ts"));
        }
        if (!batch.valuesIsObject) {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, JsonPaths.member(path, "values"),
                    "values is an object of telemetry keys and values");
        }
        if (batch.keys.isEmpty()) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, JsonPaths.member(path, "values"),
                    "a reading needs at least one value");
        }
        boolean mapped = !batch.device.attributeMapping().isEmpty();
        batch.attributes.clear();
        for (int i = 0; i < batch.keys.size(); i++) {
            String key = batch.keys.get(i);
            String attribute = batch.targets.get(key).attribute();
            if (mapped && !batch.attributes.add(attribute)) {
                throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE,
                        JsonPaths.member(JsonPaths.member(path, "values"), key),
                        "a second value for attribute " + attribute + " in one reading (check the device's mapping)");
            }
            requireAttributeName(attribute, JsonPaths.member(JsonPaths.member(path, "values"), key));
            Object value = batch.values.get(i);
            String normalized = value instanceof String text ? text
                    : throughReader(batch.device, attribute, (JsonNode) value, path, key);
            add(batch, attribute, observedAt, normalized, out);
        }
    }

    /** A compact value read as the simplified form's one attribute by {@link EntityJson}, normalized. */
    private String throughReader(Device device, String attribute, JsonNode value, String path, String key) {
        ObjectNode asEntity = NODES.objectNode();
        asEntity.put("id", device.entityId().toString());
        asEntity.put("type", device.entityType());
        asEntity.set(attribute, value);
        Attribute read;
        try {
            read = EntityJson.read(asEntity, Representation.KEY_VALUES, readOptions).attributes().get(attribute);
        } catch (NgsiLdException e) {
            throw relocated(e, JsonPaths.member(JsonPaths.ROOT, attribute),
                    JsonPaths.member(JsonPaths.member(path, "values"), key));
        }
        ObjectNode normalized = EntityJson.normalized(read);
        normalized.remove("observedAt");
        return normalized.toString();
    }

    /** What a telemetry key of one device becomes, and whether its values may take the fast path. */
    private record Target(String attribute, boolean plain, boolean relationship) {
    }

    /**
     * One payload's scratch space: what is known about its keys, and the compact reading being
     * read. A compact reading is read whole before it is checked, since the tree reader's first
     * error may be on a member that comes last (an unknown member wins over a bad ts).
     */
    private final class Batch {
        final Device device;
        /** Whether the reader accepts the device's entity at all; if not, every value takes the reader's path. */
        final boolean entityReadable;
        final Map<String, Target> targets = new HashMap<>();
        final StringBuilder text = new StringBuilder(64);
        final Set<String> attributes = new HashSet<>();

        String unknownMember;
        boolean hasTs;
        long tsMillis;
        /** ts when it is not a plain int or long, for the checks and message of the tree reader. */
        JsonNode tsNode;
        boolean valuesIsObject;
        final List<String> keys = new ArrayList<>();
        /** Per key: the normalized JSON text (fast path) or the value as a tree, for the reader. */
        final List<Object> values = new ArrayList<>();
        final Map<String, Integer> positions = new HashMap<>();

        /** What the readings' entity type and attribute names become. */
        final UnaryOperator<String> names;
        final String entityType;

        Batch(Device device, UnaryOperator<String> names) {
            this.device = device;
            this.names = names;
            this.entityType = names.apply(device.entityType());
            this.entityReadable = readable(device);
        }

        private boolean readable(Device device) {
            ObjectNode entity = NODES.objectNode();
            entity.put("id", device.entityId().toString());
            entity.put("type", device.entityType());
            try {
                EntityJson.read(entity, Representation.KEY_VALUES, readOptions);
                return true;
            } catch (NgsiLdException e) {
                return false;
            }
        }

        /** Reads one compact reading; {@code p} is at its START_OBJECT and is left at its END_OBJECT. */
        void read(JsonParser p) throws IOException {
            unknownMember = null;
            hasTs = false;
            tsNode = null;
            valuesIsObject = false;
            keys.clear();
            values.clear();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "ts" -> readTs(p);
                    case "values" -> readValues(p);
                    default -> {
                        if (unknownMember == null) {
                            unknownMember = name;
                        }
                        p.skipChildren();
                    }
                }
            }
        }

        private void readTs(JsonParser p) throws IOException {
            hasTs = true; // a repeated member replaces the earlier one, as in the tree
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG)) {
                tsMillis = p.getLongValue();
                tsNode = null;
            } else {
                tsNode = tree(p);
            }
        }

        private void readValues(JsonParser p) throws IOException {
            keys.clear();
            values.clear();
            positions.clear();
            valuesIsObject = p.currentToken() == JsonToken.START_OBJECT;
            if (!valuesIsObject) {
                p.skipChildren();
                return;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                p.nextToken();
                Object value = value(key, p);
                Integer at = positions.putIfAbsent(key, keys.size());
                if (at == null) {
                    keys.add(key);
                    values.add(value);
                } else {
                    values.set(at, value); // last one wins, in the first one's place, as in the tree
                }
            }
        }

        /** The value's normalized text if it certainly is a plain Property, else the value as a tree. */
        private Object value(String key, JsonParser p) throws IOException {
            Target target = targets.get(key);
            if (target == null) {
                target = target(key);
                targets.put(key, target);
            }
            if (!target.plain()) {
                return tree(p);
            }
            StringBuilder b = text;
            b.setLength(0);
            b.append(PROPERTY_PREFIX);
            switch (p.currentToken()) {
                case VALUE_NUMBER_INT -> {
                    switch (p.getNumberType()) {
                        case INT -> b.append(p.getIntValue());
                        case LONG -> b.append(p.getLongValue());
                        default -> b.append(p.getBigIntegerValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    // the tree holds a double (a DoubleNode), written as Double.toString writes it
                    double d = p.getDoubleValue();
                    if (p.getNumberType() != JsonParser.NumberType.DOUBLE || !Double.isFinite(d)) {
                        return tree(p);
                    }
                    b.append(d);
                }
                case VALUE_TRUE -> b.append("true");
                case VALUE_FALSE -> b.append("false");
                case VALUE_STRING -> {
                    String s = p.getText();
                    if (target.relationship() || mayBeLocalDateTime(s)) {
                        return TextNode.valueOf(s);
                    }
                    b.append('"');
                    JsonStringEncoder.getInstance().quoteAsString(s, b);
                    b.append('"');
                }
                default -> {
                    return tree(p);
                }
            }
            return b.append('}').toString();
        }

        private Target target(String key) {
            String attribute = device.attributeFor(key);
            return new Target(attribute, entityReadable && plainName(attribute),
                    relationships.isRelationship(device.entityType(), attribute));
        }
    }

    /** A telemetry key may not land on a member of the entity itself ({@code id}, {@code type}, system times). */
    static void requireAttributeName(String attribute, String keyPath) {
        if (ENTITY_MEMBERS.contains(attribute)) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, keyPath, "'" + attribute
                    + "' is a member of the entity itself, not an attribute (rename the key or map it in the device)");
        }
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? NullNode.getInstance() : MAPPER.readTree(p);
    }

    /**
     * A name the reader surely accepts as an attribute name and that no entity member shadows;
     * others (rare, and possibly invalid) take the reader's path, which decides.
     */
    private static boolean plainName(String name) {
        if (name.isEmpty() || name.length() > 256 || ENTITY_MEMBERS.contains(name)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.' || c == ':';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a string could be a date-time without offset (decision 0003), which the reader
     * normalises: such a one takes the reader's path. Loose on purpose: the reader decides.
     */
    private static boolean mayBeLocalDateTime(String s) {
        return s.length() >= 16 && s.charAt(4) == '-' && s.charAt(10) == 'T';
    }

    private void fragment(ObjectNode root, Batch batch, Instant latestAllowed, List<Reading> out) {
        Device device = batch.device;
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
            add(batch, name, observedAt, attribute, out);
        });
    }

    private void add(Batch batch, String attribute, Instant observedAt, Attribute value, List<Reading> out) {
        ObjectNode normalized = EntityJson.normalized(value);
        normalized.remove("observedAt");
        add(batch, attribute, observedAt, normalized.toString(), out);
    }

    private void add(Batch batch, String attribute, Instant observedAt, String normalized, List<Reading> out) {
        if (out.size() >= options.maxReadingsPerPayload()) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, JsonPaths.ROOT,
                    "a payload has at most " + options.maxReadingsPerPayload() + " readings (values)");
        }
        Device device = batch.device;
        out.add(new Reading(device.id(), device.entityId(), batch.entityType, batch.names.apply(attribute), observedAt,
                normalized));
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
