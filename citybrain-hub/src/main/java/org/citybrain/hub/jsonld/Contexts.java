package org.citybrain.hub.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.sdm.SmartDataModels;

/**
 * The JSON-LD contexts the hub knows, by the URIs clients name them with, and the
 * {@link Expander} of any {@code @context} made of them and of inline objects. The hub never
 * fetches a context (decision 0007): a URI it does not ship is an error.
 *
 * <h2>Known URIs</h2>
 * <ul>
 *   <li>the NGSI-LD core context, {@link CoreContext#URI} (always applied, named or not);</li>
 *   <li>for every shipped Smart Data Models subject {@code S} (a {@code sdm/context-S.jsonld} on
 *       the classpath), the two URLs the official examples use:
 *       {@code https://raw.githubusercontent.com/smart-data-models/dataModel.S/master/context.jsonld}
 *       and {@code https://smart-data-models.github.io/dataModel.S/context.jsonld}.</li>
 * </ul>
 * The all-subjects context {@code https://smartdatamodels.org/context.jsonld} is not shipped: its
 * subjects disagree on many terms ({@code category}, {@code temperature}, ...), so no union of
 * the shipped files could stand in for it.
 *
 * <h2>Cache</h2>
 * Expanders are cached by context, up to {@value #MAX_CACHED} of them (least recently used
 * evicted), so a request with a context seen before costs one lookup. The core context's expander
 * (every request without a {@code @context}) is made once and taken without a lock. Thread-safe.
 */
public final class Contexts {
    /** Expanders kept; each holds a few hundred terms, so this bounds memory to a few MB. */
    static final int MAX_CACHED = 256;

    private static final Pattern SUBJECT_FILE = Pattern.compile("context-([A-Za-z0-9]+)\\.jsonld");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTEXT_PATH = JsonPaths.member(JsonPaths.ROOT, "@context");

    private static volatile Contexts shipped;

    private final Map<URI, ContextDocument> documents;
    private final ContextDocument core;
    /** The expander of the empty context: kept out of the LRU map, whose every look-up takes its lock. */
    private final Expander coreExpander;
    private final Map<JsonLdContext, Expander> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<JsonLdContext, Expander> eldest) {
                    return size() > MAX_CACHED;
                }
            });

    private Contexts(Map<URI, ContextDocument> documents, ContextDocument core) {
        this.documents = Collections.unmodifiableMap(new TreeMap<>(documents));
        this.core = core;
        this.coreExpander = build(JsonLdContext.EMPTY);
    }

    /** The contexts shipped in the hub's jar (classpath {@code sdm/context-*.jsonld}), loaded once. */
    public static Contexts shipped() {
        Contexts result = shipped;
        if (result == null) {
            synchronized (Contexts.class) {
                result = shipped;
                if (result == null) {
                    result = SmartDataModels.readShipped(Contexts.class.getClassLoader(), Contexts::load);
                    shipped = result;
                }
            }
        }
        return result;
    }

    /**
     * Loads the {@code context-<Subject>.jsonld} files of a Smart Data Models directory.
     *
     * @throws UncheckedIOException  if a file cannot be read or is not JSON
     * @throws IllegalStateException if a file is not a context document
     */
    public static Contexts load(Path directory) {
        Map<URI, ContextDocument> documents = new LinkedHashMap<>();
        documents.put(CoreContext.URI, new ContextDocument(Map.of(), Optional.empty()));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                Matcher subject = SUBJECT_FILE.matcher(file.getFileName().toString());
                if (subject.matches()) {
                    JsonNode root;
                    try (java.io.InputStream in = Files.newInputStream(file)) { // also inside a jar, where toFile() fails
                        root = MAPPER.readTree(in);
                    }
                    ContextDocument document = document(root, file.toString());
                    for (URI uri : subjectUris(subject.group(1))) {
                        documents.put(uri, document);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contexts in " + directory, e);
        }
        return new Contexts(documents, coreDocument());
    }

    /** The URIs under which the Smart Data Models publish the context of a subject. */
    static List<URI> subjectUris(String subject) {
        return List.of(
                URI.create("https://raw.githubusercontent.com/smart-data-models/dataModel." + subject
                        + "/master/context.jsonld"),
                URI.create("https://smart-data-models.github.io/dataModel." + subject + "/context.jsonld"));
    }

    private static ContextDocument document(JsonNode root, String source) {
        JsonNode context = root.path("@context");
        if (!context.isObject()) {
            throw new IllegalStateException(source + " has no @context object");
        }
        return ContextDocument.parse(context, source);
    }

    private static ContextDocument coreDocument() {
        try (InputStream in = CoreContext.class.getResourceAsStream("ngsi-ld-core-terms.jsonld")) {
            if (in == null) {
                throw new IllegalStateException("ngsi-ld-core-terms.jsonld missing from the classpath");
            }
            return document(MAPPER.readTree(in), "ngsi-ld-core-terms.jsonld");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every context URI the hub knows, sorted. */
    public Set<URI> knownUris() {
        return documents.keySet();
    }

    /** The names of the core context alone (an empty {@code @context}). */
    public Expander core() {
        return expander(JsonLdContext.EMPTY);
    }

    /**
     * The expander of a request's {@code @context}.
     *
     * @throws BadRequestDataException {@link ErrorCode#UNKNOWN_CONTEXT} at
     *                                 {@code $['@context'][i]} for a URI the hub does not ship;
     *                                 {@link ErrorCode#INVALID_CONTEXT} for a faulty inline object
     */
    public Expander expander(JsonLdContext context) {
        if (context.isEmpty()) {
            return coreExpander;
        }
        Expander cached = cache.get(context);
        if (cached != null) {
            return cached;
        }
        // Built outside the lock: two threads may build the same one, and either result is right.
        Expander built = build(context);
        cache.put(context, built);
        return built;
    }

    private Expander build(JsonLdContext context) {
        List<JsonNode> entries = context.entries();
        List<ContextDocument> resolved = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String path = JsonPaths.element(CONTEXT_PATH, i);
            resolved.add(entry.isTextual() ? known(entry.asText(), path) : ContextDocument.parse(entry, path));
        }
        return Expander.of(context, resolved, core);
    }

    private ContextDocument known(String uri, String path) {
        ContextDocument document = null;
        try {
            document = documents.get(URI.create(uri));
        } catch (IllegalArgumentException e) {
            // not a URI at all: reported as unknown below
        }
        if (document == null) {
            throw new BadRequestDataException(ErrorCode.UNKNOWN_CONTEXT, path, "the hub does not know the context "
                    + uri + " and never fetches contexts; it knows " + String.join(", ",
                    knownUris().stream().map(URI::toString).toList()));
        }
        return document;
    }

    @Override
    public String toString() {
        return "Contexts" + knownUris();
    }
}
