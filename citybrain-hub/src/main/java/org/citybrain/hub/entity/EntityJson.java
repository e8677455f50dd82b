package org.citybrain.hub.entity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads entities from, and writes them to, their JSON representations.
 *
 * <h2>Reading</h2>
 * {@link #read(JsonNode, Representation, ReadOptions)} checks everything NGSI-LD asks of an entity
 * and throws an {@link NgsiLdException} at the first fault, with a JSON path into the input:
 * <ul>
 *   <li>the document is an object ({@link ErrorCode#NOT_AN_OBJECT});</li>
 *   <li>{@code id} is an absolute URI (or is qualified, see {@link IdPolicy}); {@code type} a valid
 *       name; attribute names valid and not reserved;</li>
 *   <li>normalized attributes have a {@code type} of Property, Relationship or GeoProperty; a
 *       Property a non-null {@code value}; a Relationship an {@code object} that is a URI or a
 *       non-empty array of URIs; a GeoProperty a valid GeoJSON geometry ({@link GeoJson});</li>
 *   <li>{@code observedAt}, {@code createdAt}, {@code modifiedAt} are date-times with offset,
 *       {@code datasetId} a URI, {@code unitCode} a non-empty string; sub-attributes follow the
 *       same rules, recursively;</li>
 *   <li>date-times without offset are read in {@link ReadOptions#localTimeZone()} or rejected
 *       (decision 0003).</li>
 * </ul>
 *
 * <h2>The simplified form (keyValues)</h2>
 * An attribute's plain value becomes: a GeoProperty if it is an object whose {@code type} is a
 * GeoJSON geometry type; a Relationship if {@link ReadOptions#relationshipRule()} names it and
 * the value is a URI or a non-empty array of URIs; a Property otherwise. Writing the simplified
 * form drops all metadata (observedAt, unitCode, datasetId, sub-attributes, system times) and
 * flattens typed literals ({@code {"@type": "DateTime", "@value": v}} to {@code v}), so it loses
 * information by design, as in NGSI-LD.
 *
 * <h2>NGSI-v2</h2>
 * Import only. Ids are always qualified ({@code urn:ngsi-ld:<type>:<id>}). An attribute of type
 * {@code geo:json} is a GeoProperty; metadata {@code unitCode} becomes the unitCode, metadata
 * {@code timestamp} the observedAt, any other metadata a sub-Property. Relationships follow the
 * rule of the simplified form.
 */
public final class EntityJson {
    /** The NGSI-LD Null (clause 5.2.1): in a fragment (a merge, a subscription patch), it removes what it stands for. */
    public static final String NGSI_LD_NULL = "urn:ngsi-ld:null";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Members of a normalized attribute that are not sub-attributes. */
    private static final Set<String> ATTRIBUTE_MEMBERS = Set.of(
            "type", "value", "object", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt",
            "deletedAt", "instanceId");
    private static final Set<String> UNSUPPORTED_KINDS = Set.of(
            "LanguageProperty", "VocabProperty", "JsonProperty", "ListProperty", "ListRelationship");

    private EntityJson() {
    }

    /**
     * Parses {@code json} text and reads it as one entity.
     *
     * @throws InvalidRequestException {@link ErrorCode#MALFORMED_JSON} if it is not JSON
     * @throws NgsiLdException         as {@link #read(JsonNode, Representation, ReadOptions)}
     */
    public static Entity read(String json, Representation representation, ReadOptions options) {
        return read(parse(json), representation, options);
    }

    /** Parses JSON text, throwing {@link ErrorCode#MALFORMED_JSON} with line and column if it is not. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidRequestException(ErrorCode.MALFORMED_JSON, JsonPaths.ROOT, "not valid JSON" + where);
        }
    }

    /**
     * Reads one entity in the given representation.
     *
     * @throws NgsiLdException at the first fault, see the class comment
     */
    public static Entity read(JsonNode root, Representation representation, ReadOptions options) {
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(ErrorCode.NOT_AN_OBJECT, JsonPaths.ROOT, "an entity must be a JSON object");
        }
        ReadOptions effective = switch (representation) {
            case NGSI_V2_NORMALIZED, NGSI_V2_KEY_VALUES -> options.withIdPolicy(IdPolicy.QUALIFY_BARE_IDS);
            default -> options;
        };
        String type = readType(root);
        URI id = readId(root, type, effective.idPolicy());
        JsonLdContext context = JsonLdContext.parse(root.get("@context"), JsonPaths.member(JsonPaths.ROOT, "@context"));
        Optional<ZoneId> zone = effective.localTimeZone();
        Optional<Instant> createdAt = optionalInstant(root, "createdAt", JsonPaths.ROOT, zone);
        Optional<Instant> modifiedAt = optionalInstant(root, "modifiedAt", JsonPaths.ROOT, zone);

        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (Names.ENTITY_MEMBERS.contains(name)) {
                continue;
            }
            String path = JsonPaths.member(JsonPaths.ROOT, name);
            checkName(name, path);
            JsonNode node = field.getValue();
            Attribute attribute = switch (representation) {
                case NORMALIZED -> normalizedAttribute(node, path, effective);
                case NGSI_V2_NORMALIZED -> v2Attribute(type, name, node, path, effective);
                case KEY_VALUES, NGSI_V2_KEY_VALUES -> simplifiedAttribute(type, name, node, path, effective);
            };
            attributes.put(name, attribute);
        }
        return new Entity(id, type, attributes, context, createdAt, modifiedAt);
    }

    // ---------------------------------------------------------------- entity members

    private static String readType(JsonNode root) {
        JsonNode type = root.get("type");
        String path = JsonPaths.member(JsonPaths.ROOT, "type");
        if (type == null || type.isNull()) {
            throw new BadRequestDataException(ErrorCode.MISSING_TYPE, path, "an entity needs a type");
        }
        if (!type.isTextual()) {
            throw new BadRequestDataException(ErrorCode.INVALID_TYPE, path, "the entity type must be a string");
        }
        Names.problem(type.asText()).ifPresent(p -> {
            throw new BadRequestDataException(ErrorCode.INVALID_TYPE, path, p);
        });
        return type.asText();
    }

    private static URI readId(JsonNode root, String type, IdPolicy policy) {
        JsonNode id = root.get("id");
        String path = JsonPaths.member(JsonPaths.ROOT, "id");
        if (id == null || id.isNull()) {
            throw new BadRequestDataException(ErrorCode.MISSING_ID, path, "an entity needs an id");
        }
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw new BadRequestDataException(ErrorCode.INVALID_ID, path, "the entity id must be a non-empty string");
        }
        String text = id.asText();
        Optional<URI> uri = absoluteUri(text);
        if (uri.isEmpty() && policy == IdPolicy.QUALIFY_BARE_IDS) {
            uri = absoluteUri("urn:ngsi-ld:" + type + ":" + text);
        }
        return uri.orElseThrow(() -> new BadRequestDataException(ErrorCode.INVALID_ID, path,
                "the entity id must be an absolute URI: " + text));
    }

    private static void checkName(String name, String path) {
        Names.problem(name).ifPresent(p -> {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE_NAME, path, p);
        });
    }

    // ---------------------------------------------------------------- NGSI-LD normalized

    private static Attribute normalizedAttribute(JsonNode node, String path, ReadOptions options) {
        if (node.isArray()) {
            throw new OperationNotSupportedException(ErrorCode.UNSUPPORTED_MULTI_ATTRIBUTE, path,
                    "several instances of one attribute (multi-attribute) are not supported yet");
        }
        if (!node.isObject()) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, path,
                    "in the normalized form an attribute is an object with a type (Property, Relationship, GeoProperty)");
        }
        JsonNode kind = node.get("type");
        String kindPath = JsonPaths.member(path, "type");
        if (kind == null || !kind.isTextual()) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, kindPath,
                    "an attribute needs a type: Property, Relationship or GeoProperty");
        }
        if (UNSUPPORTED_KINDS.contains(kind.asText())) {
            // before the members are read: theirs (languageMap, ...) would pass for sub-attributes
            throw new OperationNotSupportedException(ErrorCode.UNSUPPORTED_ATTRIBUTE_TYPE, kindPath,
                    kind.asText() + " is not supported yet");
        }
        Optional<ZoneId> zone = options.localTimeZone();
        AttributeMeta meta = meta(node, path, options, kind.asText());
        return switch (kind.asText()) {
            case "Property" -> new Property(
                    DateTimes.normaliseValue(requireValue(node, path), JsonPaths.member(path, "value"), zone),
                    unitCode(node, path), meta);
            case "Relationship" -> new Relationship(objects(node.get("object"), JsonPaths.member(path, "object"), true),
                    node.get("object").isArray(), meta);
            case "GeoProperty" -> {
                JsonNode value = requireValue(node, path);
                GeoJson.check(value, JsonPaths.member(path, "value"));
                yield new GeoProperty(value, meta);
            }
            default -> throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, kindPath,
                    "unknown attribute type " + kind.asText() + " (Property, Relationship or GeoProperty)");
        };
    }

    private static AttributeMeta meta(JsonNode node, String path, ReadOptions options, String kind) {
        Optional<ZoneId> zone = options.localTimeZone();
        if (node.has("unitCode") && !kind.equals("Property")) {
            throw new BadRequestDataException(ErrorCode.INVALID_UNIT_CODE, JsonPaths.member(path, "unitCode"),
                    "only a Property has a unitCode");
        }
        Map<String, Attribute> subAttributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (ATTRIBUTE_MEMBERS.contains(field.getKey())) {
                continue;
            }
            String subPath = JsonPaths.member(path, field.getKey());
            checkName(field.getKey(), subPath);
            subAttributes.put(field.getKey(), normalizedAttribute(field.getValue(), subPath, options));
        }
        return new AttributeMeta(
                optionalInstant(node, "observedAt", path, zone),
                datasetId(node, path),
                subAttributes,
                optionalInstant(node, "createdAt", path, zone),
                optionalInstant(node, "modifiedAt", path, zone));
    }

    private static JsonNode requireValue(JsonNode node, String path) {
        JsonNode value = node.get("value");
        if (value == null || value.isNull()) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, JsonPaths.member(path, "value"),
                    "a " + node.path("type").asText("Property") + " needs a non-null value");
        }
        return value;
    }

    private static Optional<String> unitCode(JsonNode node, String path) {
        JsonNode unit = node.get("unitCode");
        if (unit == null) {
            return Optional.empty();
        }
        if (!unit.isTextual() || unit.asText().isBlank()) {
            throw new BadRequestDataException(ErrorCode.INVALID_UNIT_CODE, JsonPaths.member(path, "unitCode"),
                    "a unitCode is a non-empty string (UN/CEFACT common code)");
        }
        return Optional.of(unit.asText());
    }

    private static Optional<URI> datasetId(JsonNode node, String path) {
        JsonNode dataset = node.get("datasetId");
        if (dataset == null) {
            return Optional.empty();
        }
        String at = JsonPaths.member(path, "datasetId");
        if (!dataset.isTextual()) {
            throw new BadRequestDataException(ErrorCode.INVALID_DATASET_ID, at, "a datasetId is a URI string");
        }
        return Optional.of(absoluteUri(dataset.asText()).orElseThrow(() ->
                new BadRequestDataException(ErrorCode.INVALID_DATASET_ID, at, "a datasetId must be an absolute URI: " + dataset.asText())));
    }

    private static Optional<Instant> optionalInstant(JsonNode node, String member, String path, Optional<ZoneId> zone) {
        JsonNode value = node.get(member);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(DateTimes.instant(value, JsonPaths.member(path, member), zone));
    }

    /** Relationship targets; with {@code strict} a non-URI is an error, otherwise empty is returned. */
    private static List<URI> objects(JsonNode object, String path, boolean strict) {
        if (object == null || object.isNull()) {
            if (strict) {
                throw new BadRequestDataException(ErrorCode.INVALID_OBJECT, path, "a Relationship needs an object");
            }
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        if (object.isTextual()) {
            absoluteUri(object.asText()).ifPresent(uris::add);
            if (uris.isEmpty() && strict) {
                throw new BadRequestDataException(ErrorCode.INVALID_OBJECT, path,
                        "a Relationship object must be an absolute URI: " + object.asText());
            }
            return uris;
        }
        if (object.isArray() && !object.isEmpty()) {
            for (int i = 0; i < object.size(); i++) {
                JsonNode element = object.get(i);
                Optional<URI> uri = element.isTextual() ? absoluteUri(element.asText()) : Optional.empty();
                if (uri.isEmpty()) {
                    if (strict) {
                        throw new BadRequestDataException(ErrorCode.INVALID_OBJECT, JsonPaths.element(path, i),
                                "a Relationship object must be an absolute URI: " + element);
                    }
                    return List.of();
                }
                uris.add(uri.get());
            }
            return uris;
        }
        if (strict) {
            throw new BadRequestDataException(ErrorCode.INVALID_OBJECT, path,
                    "a Relationship object is a URI or a non-empty array of URIs");
        }
        return List.of();
    }

    // ---------------------------------------------------------------- simplified (keyValues)

    private static Attribute simplifiedAttribute(String type, String name, JsonNode value, String path, ReadOptions options) {
        if (value.isNull()) {
            throw new BadRequestDataException(ErrorCode.MISSING_VALUE, path, "an attribute value cannot be null");
        }
        return plainValue(type, name, value, path, AttributeMeta.NONE, Optional.empty(), options);
    }

    private static Attribute plainValue(String type, String name, JsonNode value, String path, AttributeMeta meta,
                                        Optional<String> unitCode, ReadOptions options) {
        if (GeoJson.looksLikeGeometry(value)) {
            GeoJson.check(value, path);
            return new GeoProperty(value, meta);
        }
        if (options.relationshipRule().isRelationship(type, name)) {
            List<URI> targets = objects(value, path, false);
            if (!targets.isEmpty()) {
                return new Relationship(targets, value.isArray(), meta);
            }
        }
        return new Property(DateTimes.normaliseValue(value, path, options.localTimeZone()), unitCode, meta);
    }

    // ---------------------------------------------------------------- NGSI-v2 normalized

    private static Attribute v2Attribute(String type, String name, JsonNode node, String path, ReadOptions options) {
        if (!node.isObject()) {
            throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, path,
                    "an NGSI-v2 attribute is an object with a value");
        }
        JsonNode value = requireValue(node, path);
        String valuePath = JsonPaths.member(path, "value");
        Optional<ZoneId> zone = options.localTimeZone();
        Optional<String> unitCode = Optional.empty();
        Optional<Instant> observedAt = Optional.empty();
        Map<String, Attribute> subAttributes = new LinkedHashMap<>();
        JsonNode metadata = node.get("metadata");
        if (metadata != null) {
            String metaPath = JsonPaths.member(path, "metadata");
            if (!metadata.isObject()) {
                throw new BadRequestDataException(ErrorCode.INVALID_ATTRIBUTE, metaPath, "metadata must be an object");
            }
            for (Map.Entry<String, JsonNode> field : metadata.properties()) {
                String at = JsonPaths.member(metaPath, field.getKey());
                checkName(field.getKey(), at);
                JsonNode metaValue = field.getValue().isObject() ? requireValue(field.getValue(), at) : field.getValue();
                String metaValuePath = field.getValue().isObject() ? JsonPaths.member(at, "value") : at;
                switch (field.getKey()) {
                    case "unitCode" -> {
                        if (!metaValue.isTextual() || metaValue.asText().isBlank()) {
                            throw new BadRequestDataException(ErrorCode.INVALID_UNIT_CODE, metaValuePath,
                                    "a unitCode is a non-empty string");
                        }
                        unitCode = Optional.of(metaValue.asText());
                    }
                    case "timestamp" -> observedAt = Optional.of(DateTimes.instant(metaValue, metaValuePath, zone));
                    default -> subAttributes.put(field.getKey(),
                            new Property(DateTimes.normaliseValue(metaValue, metaValuePath, zone), Optional.empty(),
                                    AttributeMeta.NONE));
                }
            }
        }
        AttributeMeta meta = new AttributeMeta(observedAt, Optional.empty(), subAttributes, Optional.empty(), Optional.empty());
        if ("geo:json".equals(node.path("type").asText())) {
            GeoJson.check(value, valuePath);
            return new GeoProperty(value, meta);
        }
        Attribute attribute = plainValue(type, name, value, valuePath, meta, unitCode, options);
        if (attribute instanceof Relationship && unitCode.isPresent()) {
            throw new BadRequestDataException(ErrorCode.INVALID_UNIT_CODE, path, "only a Property has a unitCode");
        }
        return attribute;
    }

    // ---------------------------------------------------------------- writing

    /** The NGSI-LD normalized form, with every piece of metadata and the system times present. */
    public static ObjectNode toNormalized(Entity entity) {
        ObjectNode root = NODES.objectNode();
        root.put("id", entity.id().toString());
        root.put("type", entity.type());
        entity.attributes().forEach((name, attribute) -> root.set(name, normalized(attribute)));
        entity.createdAt().ifPresent(t -> root.put("createdAt", DateTimes.format(t)));
        entity.modifiedAt().ifPresent(t -> root.put("modifiedAt", DateTimes.format(t)));
        if (!entity.context().isEmpty()) {
            root.set("@context", entity.context().toJson());
        }
        return root;
    }

    /** One attribute in the normalized form. */
    public static ObjectNode normalized(Attribute attribute) {
        ObjectNode node = NODES.objectNode();
        node.put("type", attribute.kind());
        if (attribute instanceof Property p) {
            node.set("value", p.value());
            p.unitCode().ifPresent(u -> node.put("unitCode", u));
        } else if (attribute instanceof Relationship r) {
            node.set("object", objectJson(r));
        } else if (attribute instanceof GeoProperty g) {
            node.set("value", g.value());
        }
        AttributeMeta meta = attribute.meta();
        meta.observedAt().ifPresent(t -> node.put("observedAt", DateTimes.format(t)));
        meta.datasetId().ifPresent(d -> node.put("datasetId", d.toString()));
        meta.createdAt().ifPresent(t -> node.put("createdAt", DateTimes.format(t)));
        meta.modifiedAt().ifPresent(t -> node.put("modifiedAt", DateTimes.format(t)));
        meta.subAttributes().forEach((name, sub) -> node.set(name, normalized(sub)));
        return node;
    }

    /**
     * The NGSI-LD simplified form ({@code options=keyValues}): {@code id}, {@code type}, every
     * attribute as {@link #simplified(Attribute)}, and the {@code @context} if there is one.
     */
    public static ObjectNode toKeyValues(Entity entity) {
        ObjectNode root = NODES.objectNode();
        root.put("id", entity.id().toString());
        root.put("type", entity.type());
        entity.attributes().forEach((name, attribute) -> root.set(name, simplified(attribute)));
        if (!entity.context().isEmpty()) {
            root.set("@context", entity.context().toJson());
        }
        return root;
    }

    /**
     * An attribute's plain value: a Property's value (a DateTime typed literal flattened to its
     * string), a Relationship's object (an array if it has several), a GeoProperty's geometry.
     */
    public static JsonNode simplified(Attribute attribute) {
        if (attribute instanceof Property p) {
            JsonNode value = p.value();
            return DateTimes.isTypedDateTime(value) ? value.get("@value") : value;
        }
        if (attribute instanceof Relationship r) {
            return objectJson(r);
        }
        return ((GeoProperty) attribute).value();
    }

    private static JsonNode objectJson(Relationship r) {
        if (!r.asArray()) {
            return NODES.textNode(r.object().toString());
        }
        ArrayNode array = NODES.arrayNode();
        r.objects().forEach(o -> array.add(o.toString()));
        return array;
    }

    static Optional<URI> absoluteUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
