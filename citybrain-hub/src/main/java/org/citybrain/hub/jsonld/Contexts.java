package org.citybrain.hub.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citybrain.hub.context.ContextException;
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
 *   <li>contexts added at run time ({@link #add}, kept in a {@link ContextRegistry}): a copy of a
 *       context by the URL clients name it with, or one the hub hosts, named by the hub's URL
 *       {@value #HOSTED_PATH}{@code <id>} on any host (the hub cannot know every name it is reached by).</li>
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

    /** The path under which the hub serves the contexts it hosts, their local id after it. */
    public static final String HOSTED_PATH = "/ngsi-ld/v1/jsonldContexts/";
    private static final Pattern HOSTED = Pattern.compile(Pattern.quote(HOSTED_PATH) + "([^/]+)");
    private static final System.Logger LOG = System.getLogger(Contexts.class.getName());

    private static volatile Contexts shipped;

    private final Map<URI, ContextDocument> documents;
    /** Where contexts added at run time are kept; none for the shipped set alone. */
    private final ContextRegistry registry;
    /** The added contexts read, by local id, and the ids of those added as copies of a URL. */
    private final Map<String, List<ContextDocument>> added = new ConcurrentHashMap<>();
    private final Map<URI, String> addedByUrl = new ConcurrentHashMap<>();
    /**
     * URIs the shared registry did not know lately, until when (nanoTime): a client repeating an
     * unknown context costs the database one look-up per {@link #RECHECK_NANOS}, not one per request.
     */
    private final Map<URI, Long> unknownUntil = new ConcurrentHashMap<>();
    static final long RECHECK_NANOS = 10_000_000_000L;
    private static final int MAX_UNKNOWN = 1024;
    /** Bumped when an added context goes: an expander built before then is not cached. */
    private final AtomicLong generation = new AtomicLong();
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

    private Contexts(Map<URI, ContextDocument> documents, ContextDocument core, ContextRegistry registry) {
        this.documents = Collections.unmodifiableMap(new TreeMap<>(documents));
        this.core = core;
        this.registry = registry;
        this.coreExpander = build(JsonLdContext.EMPTY);
    }

    /**
     * These contexts and those added at run time, kept in {@code registry}: what it holds is read
     * now; an added context that no longer reads (the shipped contexts it names have gone) is left
     * out with a warning, and stays in the registry.
     */
    public Contexts with(ContextRegistry registry) {
        Contexts result = new Contexts(documents, core, Objects.requireNonNull(registry, "registry"));
        for (ContextRegistry.Added each : registry.all()) {
            try {
                result.remember(each, result.read(each.body()));
            } catch (BadRequestDataException e) {
                LOG.log(System.Logger.Level.WARNING, "the added context " + each.id() + each.url().map(u -> " (" + u + ")")
                        .orElse("") + " no longer reads and is left out: " + e.getMessage());
            }
        }
        return result;
    }

    /**
     * Adds a context (NGSI-LD @context management; never fetched, decision 0007): {@code body} is
     * the document, an object whose {@code @context} is an object, or an array of objects and of
     * URIs the hub ships. With a {@code url} it is the hub's copy of the context clients name by that
     * URL (kind Cached); without, the hub hosts it and clients name it by
     * {@code <the hub's address>}{@value #HOSTED_PATH}{@code <id>} (kind Hosted).
     *
     * @throws BadRequestDataException  if the document does not read (the path and rule), or the URL
     *                                  is not an absolute http(s) URL
     * @throws org.citybrain.hub.context.ContextException ALREADY_EXISTS if the hub ships that URL, or a
     *                                  context was added for it already (delete it first to replace it)
     * @throws IllegalStateException    if these contexts keep no registry
     */
    public ContextRegistry.Added add(Optional<URI> url, JsonNode body, Instant now) {
        if (registry == null) {
            throw new IllegalStateException("these contexts keep no added ones");
        }
        List<ContextDocument> read = read(body);
        if (url.isPresent()) {
            URI u = url.get();
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, "url", "'" + u
                        + "' is not an absolute http or https URL");
            }
            if (documents.containsKey(u)) {
                throw ContextException.alreadyExists("the hub ships the context " + u + " already");
            }
        }
        ContextRegistry.Added added = new ContextRegistry.Added(UUID.randomUUID().toString(), url, body, now);
        if (!registry.insert(added)) {
            throw ContextException.alreadyExists("a context was added for " + url.map(URI::toString).orElse(added.id())
                    + " already; delete it first to replace it");
        }
        remember(added, read);
        return added;
    }

    /**
     * Forgets an added context: requests naming it are refused from now on (entities written with
     * it keep their expanded names).
     *
     * @throws org.citybrain.hub.context.ContextException NOT_FOUND if no context of that id was added
     */
    public void remove(String id) {
        if (registry == null || !registry.delete(id)) {
            throw ContextException.notFound("no context " + id + " was added");
        }
        added.remove(id);
        addedByUrl.values().removeIf(id::equals);
        generation.incrementAndGet();
        cache.clear();
    }

    /** The contexts added at run time, oldest first. */
    public List<ContextRegistry.Added> added() {
        return registry == null ? List.of() : registry.all();
    }

    /** The context added with this local id. */
    public Optional<ContextRegistry.Added> added(String id) {
        return registry == null ? Optional.empty() : registry.find(id);
    }

    /** A context document's {@code @context}, read: its objects, and the shipped contexts its URIs name. */
    private List<ContextDocument> read(JsonNode body) {
        if (!body.isObject() || !body.has("@context")) {
            throw new BadRequestDataException(ErrorCode.INVALID_CONTEXT, JsonPaths.ROOT,
                    "a context document is a JSON object with an @context member");
        }
        List<JsonNode> entries = JsonLdContext.parse(body.get("@context"), CONTEXT_PATH).entries();
        List<ContextDocument> read = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String path = JsonPaths.element(CONTEXT_PATH, i);
            if (entry.isTextual()) {
                URI uri = uriOrNull(entry.asText());
                ContextDocument document = uri == null ? null : documents.get(uri);
                if (document == null) {
                    throw new BadRequestDataException(ErrorCode.UNKNOWN_CONTEXT, path, "an added context may name only "
                            + "the contexts the hub ships; " + entry.asText() + " is not one of them");
                }
                read.add(document);
            } else {
                read.add(ContextDocument.parse(entry, path));
            }
        }
        return List.copyOf(read);
    }

    private void remember(ContextRegistry.Added each, List<ContextDocument> read) {
        added.put(each.id(), read);
        each.url().ifPresent(u -> addedByUrl.put(u, each.id()));
        unknownUntil.clear(); // a URI looked up in vain may name it (its URL, or the hub's URL of it)
    }

    /** The local id in a URI that names a hosted context: its path is {@value #HOSTED_PATH}{@code <id>}. */
    private static Optional<String> hostedId(URI uri) {
        Matcher hosted = uri.getPath() == null ? null : HOSTED.matcher(uri.getPath());
        return hosted != null && hosted.matches() ? Optional.of(hosted.group(1)) : Optional.empty();
    }

    /** Whether {@code uri} names the added context {@code added}: its URL, or the hub's URL of it. */
    public static boolean names(URI uri, ContextRegistry.Added added) {
        return added.url().map(uri::equals).orElse(false) || hostedId(uri).map(added.id()::equals).orElse(false);
    }

    private static URI uriOrNull(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
        return new Contexts(documents, coreDocument(), null);
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
        // Built outside the lock: two threads may build the same one, and either result is right;
        // one built while an added context went is not kept.
        long before = generation.get();
        Expander built = build(context);
        if (generation.get() == before) {
            cache.put(context, built);
        }
        return built;
    }

    private Expander build(JsonLdContext context) {
        List<JsonNode> entries = context.entries();
        List<ContextDocument> resolved = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String path = JsonPaths.element(CONTEXT_PATH, i);
            if (entry.isTextual()) {
                resolved.addAll(known(entry.asText(), path));
            } else {
                resolved.add(ContextDocument.parse(entry, path));
            }
        }
        return Expander.of(context, resolved, core);
    }

    /** The documents a context URI names: a shipped one, or an added one (its URL, or the hub's URL of it). */
    private List<ContextDocument> known(String text, String path) {
        URI uri = uriOrNull(text);
        if (uri != null) {
            ContextDocument document = documents.get(uri);
            if (document != null) {
                return List.of(document);
            }
            if (registry != null) {
                Optional<String> hosted = hostedId(uri);
                String id = addedByUrl.get(uri);
                List<ContextDocument> read = added.get(id != null ? id : hosted.orElse(""));
                if (read != null) {
                    return read;
                }
                // added by another hub on the same database since this one started
                Long until = unknownUntil.get(uri);
                if (until == null || System.nanoTime() - until > 0) {
                    long before = generation.get();
                    Optional<ContextRegistry.Added> other = registry.findByUrl(uri).or(() -> hosted.flatMap(registry::find));
                    if (other.isPresent()) {
                        read = read(other.get().body());
                        if (generation.get() == before) { // not one this hub removed meanwhile
                            remember(other.get(), read);
                        }
                        return read;
                    }
                    if (unknownUntil.size() >= MAX_UNKNOWN) {
                        unknownUntil.clear();
                    }
                    unknownUntil.put(uri, System.nanoTime() + RECHECK_NANOS);
                }
            }
        }
        throw new BadRequestDataException(ErrorCode.UNKNOWN_CONTEXT, path, "the hub does not know the context "
                + text + " and never fetches contexts; an administrator can add it (POST /ngsi-ld/v1/jsonldContexts?url="
                + text + " with the document), or use one it knows: " + String.join(", ",
                knownUris().stream().map(URI::toString).toList()));
    }

    @Override
    public String toString() {
        return "Contexts" + knownUris();
    }
}
