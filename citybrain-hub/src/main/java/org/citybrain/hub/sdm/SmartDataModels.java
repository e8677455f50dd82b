package org.citybrain.hub.sdm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.RelationshipRule;

/**
 * The FIWARE Smart Data Models the hub knows, and validation of entities against them.
 *
 * <h2>What is loaded</h2>
 * A directory (the repository's {@code scenarios/sdm}, shipped in the jar as {@code sdm/}) with one
 * folder per model holding its {@code schema.json}, and at the top the shared schemas that the
 * models' {@code $ref}s point at ({@code common-schema.json}, {@code *-schema.json}).
 *
 * <h2>Offline {@code $ref}s</h2>
 * Every schema is registered under its {@code $id} (a {@code smart-data-models.github.io} URL),
 * and {@code raw.githubusercontent.com/smart-data-models/<repo>/master/<file>} URLs are read as
 * the same {@code smart-data-models.github.io/<repo>/<file>}. Remote fetching is switched off, and
 * loading fails at once, naming the schema, if any {@code $ref} points outside the loaded set.
 * The network is never used.
 *
 * <h2>Validation</h2>
 * The schemas describe the simplified (keyValues) form, so {@link #validate(Entity)} converts the
 * entity with {@link EntityJson#toKeyValues(Entity)} (without {@code @context}) and checks it with
 * JSON Schema 2020-12, {@code format} asserted (so {@code date-time} needs an offset, {@code uri} a
 * scheme). Types without a model are not validated: NGSI-LD is open to any type; ask
 * {@link #isKnownType(String)} for a stricter policy.
 *
 * <p>The schemas carry a few keywords that JSON Schema does not define ({@link #ANNOTATIONS}):
 * Smart Data Models' own metadata, and two slips in official schemas. They are declared as
 * annotations, which is what the validator made of them anyway, so they assert nothing; any other
 * unknown keyword is still logged by the validator when a schema is loaded.
 *
 * <p>Thread-safe and immutable once loaded; load once and share.
 */
public final class SmartDataModels {

    /** Where the models are on the classpath. */
    public static final String CLASSPATH_ROOT = "sdm";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern RAW_GITHUB =
            Pattern.compile("https://raw\\.githubusercontent\\.com/smart-data-models/([^/]+)/master/(.+)");
    private static final String PAGES = "https://smart-data-models.github.io/";

    /**
     * Keywords of the shipped schemas that JSON Schema 2020-12 does not define, read as annotations
     * (they never make an entity invalid): {@code $schemaVersion} and {@code modelTags} are Smart
     * Data Models metadata at the top of every schema; {@code min} (ItemFlowObserved's
     * {@code laneId}, meant as {@code minimum}) and {@code laneLength}/{@code laneWidth}
     * (RoadSegment's {@code laneInfo}, written inside {@code laneDirection} instead of beside it)
     * are slips upstream, kept with the meaning they have there: none.
     */
    static final Set<String> ANNOTATIONS = Set.of("$schemaVersion", "modelTags", "min", "laneLength", "laneWidth");

    /** JSON Schema 2020-12, with {@link #ANNOTATIONS} known. */
    private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
            .keywords(ANNOTATIONS.stream().sorted().map(AnnotationKeyword::new).toList())
            .build();

    private static volatile SmartDataModels bundled;

    private final Map<String, SmartDataModel> models;
    private final Map<String, Schema> schemas;

    private SmartDataModels(Map<String, SmartDataModel> models, Map<String, Schema> schemas) {
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
        this.schemas = Map.copyOf(schemas);
    }

    /**
     * The models shipped with the hub (classpath {@code sdm/}), loaded once.
     *
     * @throws IllegalStateException if they are missing or a {@code $ref} cannot be resolved offline
     */
    public static SmartDataModels bundled() {
        SmartDataModels result = bundled;
        if (result == null) {
            synchronized (SmartDataModels.class) {
                result = bundled;
                if (result == null) {
                    result = fromClassLoader(SmartDataModels.class.getClassLoader());
                    bundled = result;
                }
            }
        }
        return result;
    }

    /**
     * Loads every model under {@code directory}.
     *
     * @throws UncheckedIOException  if a file cannot be read or is not JSON
     * @throws IllegalStateException if a {@code $ref} points outside the loaded schemas
     */
    public static SmartDataModels load(Path directory) {
        Map<String, String> documents = new HashMap<>();
        Map<String, SmartDataModel> models = new TreeMap<>();
        try (Stream<Path> top = Files.list(directory)) {
            for (Path path : top.sorted().toList()) {
                String name = path.getFileName().toString().replace("/", "");
                if (Files.isDirectory(path)) {
                    Path schemaFile = path.resolve("schema.json");
                    if (Files.isRegularFile(schemaFile)) {
                        JsonNode schema = read(schemaFile, documents);
                        SmartDataModel model = new SmartDataModel(typeOf(schema, name), name,
                                URI.create(schema.path("$id").asText()), relationshipAttributes(schema));
                        SmartDataModel clash = models.put(model.type(), model);
                        if (clash != null) {
                            throw new IllegalStateException("two models for type " + model.type() + ": "
                                    + clash.folder() + " and " + name);
                        }
                    }
                } else if (name.endsWith(".json")) {
                    read(path, documents);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Smart Data Models in " + directory, e);
        }
        checkReferences(documents);

        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(DIALECT, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_PATH)
                        .build())
                .schemaLoader(loader -> loader
                        .fetchRemoteResources(false)
                        .schemaIdResolvers(ids -> ids.mappings(SmartDataModels::localId))
                        .resourceLoaders(resources -> resources.resources(documents::get))));
        Map<String, Schema> schemas = new HashMap<>();
        for (SmartDataModel model : models.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(model.schemaId().toString()));
            schema.initializeValidators();
            schemas.put(model.type(), schema);
        }
        return new SmartDataModels(models, schemas);
    }

    /** Loads the models under {@code sdm/} of {@code loader}'s classpath, in a directory or a jar. */
    static SmartDataModels fromClassLoader(ClassLoader loader) {
        return readShipped(loader, SmartDataModels::load);
    }

    /**
     * Reads the shipped Smart Data Models files: calls {@code reader} with the {@code sdm/}
     * directory of {@code loader}'s classpath, a directory or a folder inside the jar. The path is
     * valid only during the call.
     *
     * @throws IllegalStateException if {@code sdm/} is missing or cannot be opened
     */
    public static <T> T readShipped(ClassLoader loader, Function<Path, T> reader) {
        URL marker = loader.getResource(CLASSPATH_ROOT + "/common-schema.json");
        if (marker == null) {
            throw new IllegalStateException("Smart Data Models missing from the classpath (" + CLASSPATH_ROOT + "/)");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return reader.apply(jar.provider().getPath(uri).getParent());
                }
            }
            return reader.apply(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the bundled Smart Data Models at " + marker, e);
        }
    }

    /** The types of all loaded models, sorted. */
    public Set<String> types() {
        return models.keySet();
    }

    /** Whether a Smart Data Model describes entities of {@code type}. */
    public boolean isKnownType(String type) {
        return models.containsKey(type);
    }

    public Optional<SmartDataModel> model(String type) {
        return Optional.ofNullable(models.get(type));
    }

    /**
     * The relationship rule of the models: an attribute is a Relationship if its model's schema
     * describes it as one, or if it follows the {@code ref...} naming convention.
     */
    public RelationshipRule relationshipRule() {
        return RelationshipRule.CONVENTION.or((type, name) -> {
            SmartDataModel model = models.get(type);
            return model != null && model.relationshipAttributes().contains(name);
        });
    }

    /**
     * Validates {@code entity} against the model of its type.
     *
     * @return the violations, in the validator's order; empty if valid or if no model has the type
     */
    public List<Violation> validate(Entity entity) {
        Schema schema = schemas.get(entity.type());
        if (schema == null) {
            return List.of();
        }
        ObjectNode keyValues = EntityJson.toKeyValues(entity);
        keyValues.remove("@context");
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(keyValues)) {
            violations.add(violation(error));
        }
        return List.copyOf(violations);
    }

    /**
     * Validates {@code entity} and throws if it breaks its model.
     *
     * @throws SchemaViolationException with every violation, at the first one's path
     */
    public void requireValid(Entity entity) {
        List<Violation> violations = validate(entity);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(entity.type(), violations);
        }
    }

    private static Violation violation(Error error) {
        String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
        String path = error.getInstanceLocation() == null ? JsonPaths.ROOT : error.getInstanceLocation().toString();
        if ("required".equals(keyword) && error.getProperty() != null) {
            path = JsonPaths.member(path, error.getProperty());
        }
        JsonNode argument = error.getSchemaNode();
        if (argument != null && argument.isObject() && argument.has(keyword)) {
            argument = argument.get(keyword);
        }
        String rule = keyword;
        if (argument != null && !"required".equals(keyword) && (argument.isValueNode() || argument.isArray())) {
            rule = keyword + " " + compact(argument);
        }
        return new Violation(path, rule, error.getMessage());
    }

    private static String compact(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(compact(item)));
            return items.toString();
        }
        return node.toString();
    }

    // ---------------------------------------------------------------- loading helpers

    private static JsonNode read(Path file, Map<String, String> documents) {
        try {
            String text = Files.readString(file);
            JsonNode json = MAPPER.readTree(text);
            String id = json.path("$id").asText("");
            if (id.isEmpty()) {
                throw new IllegalStateException("schema without $id: " + file);
            }
            documents.put(localId(id), text);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    /** The IRI under which a schema is registered: raw GitHub URLs are read as the Pages URL. */
    static String localId(String iri) {
        Matcher raw = RAW_GITHUB.matcher(iri);
        return raw.matches() ? PAGES + raw.group(1) + "/" + raw.group(2) : iri;
    }

    private static void checkReferences(Map<String, String> documents) {
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<String, String> document : documents.entrySet()) {
            try {
                collectRefs(MAPPER.readTree(document.getValue()), document.getKey(), documents, missing);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("$ref outside the shipped Smart Data Models schemas (never fetched): " + missing);
        }
    }

    private static void collectRefs(JsonNode node, String in, Map<String, String> documents, Set<String> missing) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().contains("://")) {
                String target = localId(ref.asText().replaceFirst("#.*", ""));
                if (!documents.containsKey(target)) {
                    missing.add(ref.asText() + " (in " + in + ")");
                }
            }
            node.elements().forEachRemaining(child -> collectRefs(child, in, documents, missing));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(child, in, documents, missing));
        }
    }

    /** The type a schema describes: its {@code type} property's single enum value, else the folder name. */
    private static String typeOf(JsonNode schema, String folder) {
        List<JsonNode> candidates = new ArrayList<>();
        candidates.add(schema.path("properties").path("type"));
        schema.path("allOf").forEach(part -> candidates.add(part.path("properties").path("type")));
        for (JsonNode type : candidates) {
            JsonNode values = type.path("enum");
            if (values.isArray() && values.size() == 1 && values.get(0).isTextual()) {
                return values.get(0).asText();
            }
        }
        return folder;
    }

    /** Attributes the schema itself (not the shared schemas) describes as {@code Relationship. ...}. */
    private static Set<String> relationshipAttributes(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        collectRelationships(schema, names);
        names.remove("id");
        names.remove("type");
        return names;
    }

    private static void collectRelationships(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                properties.properties().forEach(p -> {
                    if (p.getValue().path("description").asText("").startsWith("Relationship.")) {
                        names.add(p.getKey());
                    }
                });
            }
            node.elements().forEachRemaining(child -> collectRelationships(child, names));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRelationships(child, names));
        }
    }
}
