package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;

/**
 * NGSI-LD subscriptions (ETSI GS CIM 009, 5.8 and 5.11): keeps them durable in a
 * {@link SubscriptionStore} (one JSON file, or PostgreSQL),
 * matches every {@link EntityChange} against them and sends notifications through the
 * {@link NotificationTransport}s. Listens to a {@link org.citybrain.hub.context.ChangeFeed}
 * ({@link #accept}).
 *
 * <h2>Matching</h2>
 * Subscriptions are indexed by the entity types they name, so a change looks only at those of its
 * type (and at the few that name no type, only watched attributes). On the change feed's thread a
 * change is tested for type, id or idPattern, {@code watchedAttributes}, {@code isActive} and
 * {@code expiresAt}, and its entity id is put in the subscription's pending set. {@code q} and
 * {@code geoQ} are tested when the notification is prepared, on the entity's state then (the state
 * sent is the state tested). Creations and updates notify; deletions, of an entity or of an
 * attribute, do not (the default triggers of 5.2.12: an entity is notified if it was created, or if
 * one of the attributes changed since the previous notification is still there).
 *
 * <h2>Delivery</h2>
 * Asynchronous and in order per subscription: one notification of a subscription is in flight at a
 * time, with every entity changed since the previous one (each once, in its latest state, at most
 * {@link NotificationOptions#maxEntitiesPerNotification()}). {@code throttling} delays the next
 * notification until that long after the previous one was delivered (or failed); changes meanwhile
 * are coalesced, not lost.
 * A failed attempt is retried {@link NotificationOptions#retries()} times with doubling backoff,
 * then counted as failed in the status and dropped. Nothing pending survives a restart: delivery is
 * at most once (a retry after a timeout may repeat one the endpoint did get; its {@code id} is the
 * same).
 *
 * <h2>Durability</h2>
 * Creating, changing or deleting a subscription is durable in the store before returning.
 * The delivery counters are written with it and on {@link #close()}, so a crash loses the counts
 * since the last write, not the subscriptions. A {@link SubscriptionStore#shared() shared} store
 * (several hubs on one database) is reloaded every {@link #REFRESH_SECONDS} seconds, so that each
 * hub matches its own changes against every hub's subscriptions; a change to a subscription that
 * another hub changed first is applied again on its state (optimistic check on {@code modifiedAt}).
 */
public final class SubscriptionManager implements Consumer<EntityChange>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SubscriptionManager.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LINK_REL = "http://www.w3.org/ns/json-ld#context";

    /** What became of a notification, for metrics. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param success whether the endpoint took it (after retries)
         * @param nanos   from the earliest of its changes becoming durable to the outcome
         */
        void notified(boolean success, long nanos);
    }

    /** A subscription with its delivery status. */
    public record View(Subscription subscription, DeliveryStatus status) {
    }

    /** How often a shared store is reloaded. */
    public static final int REFRESH_SECONDS = 2;
    private static final int ATTEMPTS = 5;

    private final SubscriptionStore store;
    private final Function<URI, Optional<Entity>> entities;
    private final Contexts contexts;
    /** Stored subscriptions that did not read, by id, as stored: written back with the others, reported once. */
    private final Map<String, ObjectNode> unreadable = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<NotificationTransport> transports;
    private final NotificationOptions options;
    private final Clock clock;
    private final Observer observer;
    private final ScheduledExecutorService executor;
    private final ConcurrentSkipListMap<String, Live> byId = new ConcurrentSkipListMap<>();
    private final Map<String, Set<Live>> byType = new ConcurrentHashMap<>();
    private final Set<Live> anyType = new CopyOnWriteArraySet<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * Opens the subscriptions kept in {@code file} (created on the first write).
     *
     * @param entities   an entity's current state by id (the context store's {@code find})
     * @param contexts   to read each subscription's {@code @context}
     * @param transports the transports, by the schemes they serve
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalStateException if it is not a subscriptions file
     */
    public SubscriptionManager(Path file, Function<URI, Optional<Entity>> entities, Contexts contexts,
            List<NotificationTransport> transports, NotificationOptions options, Clock clock, Observer observer) {
        this(SubscriptionStore.file(file), entities, contexts, transports, options, clock, observer);
    }

    /** Opens the subscriptions kept in {@code store}; see the other constructor. */
    public SubscriptionManager(SubscriptionStore store, Function<URI, Optional<Entity>> entities, Contexts contexts,
            List<NotificationTransport> transports, NotificationOptions options, Clock clock, Observer observer) {
        this.store = store;
        this.entities = entities;
        this.contexts = contexts;
        this.transports = List.copyOf(transports);
        this.options = options;
        this.clock = clock;
        this.observer = observer;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "notifier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        load();
        if (store.shared()) {
            executor.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ the API's operations

    /**
     * Creates a subscription from an NGSI-LD body (5.8.1), its names read with {@code names}.
     *
     * @throws NgsiLdException   the body is not a valid subscription (with the JSON path)
     * @throws ContextException  {@link ContextException.Kind#ALREADY_EXISTS} if its id is taken
     */
    public synchronized Subscription create(JsonNode body, Expander names) {
        Instant now = clock.instant();
        URI generated = URI.create("urn:ngsi-ld:Subscription:" + UUID.randomUUID());
        Subscription s = SubscriptionJson.read(body, names, generated, now, now, true, this::checkEndpoint);
        if (byId.containsKey(s.id().toString()) || unreadable.containsKey(s.id().toString())) {
            throw ContextException.alreadyExists("subscription " + s.id() + " already exists");
        }
        if (byId.size() >= options.maxSubscriptions()) {
            throw NgsiLdException.of(ErrorCode.INVALID_SUBSCRIPTION, "$", "the server keeps at most "
                    + options.maxSubscriptions() + " subscriptions; delete some first");
        }
        Live live = new Live(s, DeliveryStatus.NONE);
        byId.put(s.id().toString(), live);
        index(live);
        try {
            if (!persist(SubscriptionStore.Kind.CREATE, live, null)) {
                throw ContextException.alreadyExists("subscription " + s.id() + " already exists");
            }
        } catch (RuntimeException e) {
            byId.remove(s.id().toString());
            unindex(live);
            throw e;
        }
        return s;
    }

    /** The subscription with {@code id}, with its status. */
    public Optional<View> find(URI id) {
        return Optional.ofNullable(byId.get(id.toString())).map(Live::view);
    }

    /** Subscriptions ordered by id, {@code limit} of them after {@code offset} (5.8.4). */
    public List<View> list(int offset, int limit) {
        List<View> page = new ArrayList<>();
        Iterator<Live> all = byId.values().iterator();
        for (int i = 0; all.hasNext() && page.size() < limit; i++) {
            Live live = all.next();
            if (i >= offset) {
                page.add(live.view());
            }
        }
        return page;
    }

    public int count() {
        return byId.size();
    }

    /**
     * Updates a subscription with {@code fragment} (5.8.2), a merge patch (5.4, RFC 7396): a member
     * replaces the subscription's, an object member is merged into the subscription's object
     * member by member, and a null member (JSON {@code null} or the NGSI-LD Null) removes it. The
     * request's context ({@code names}) becomes the subscription's.
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND}
     * @throws NgsiLdException  the result would not be a valid subscription, or the fragment changes its id
     */
    public synchronized void update(URI id, JsonNode fragment, Expander names) {
        for (int attempt = 1; ; attempt++) {
            if (tryUpdate(id, fragment, names)) {
                return;
            }
            refresh(); // another hub changed it first: once more on its state
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("subscription " + id + " is being changed by other servers; try again");
            }
        }
    }

    private boolean tryUpdate(URI id, JsonNode fragment, Expander names) {
        Live live = byId.get(id.toString());
        if (live == null) {
            throw ContextException.notFound("no subscription " + id);
        }
        if (!fragment.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "a subscription fragment is a JSON object");
        }
        if (fragment.has("id") && !fragment.get("id").asText().equals(id.toString())) {
            throw NgsiLdException.of(ErrorCode.INVALID_ID, "$.id", "the fragment's id is not the subscription's " + id);
        }
        Instant now = clock.instant();
        Subscription current = live.subscription;
        ObjectNode merged = SubscriptionJson.write(current, DeliveryStatus.NONE, names, now);
        ObjectNode patch = ((ObjectNode) fragment).deepCopy();
        patch.remove("@context");
        SubscriptionJson.mergePatch(merged, patch);
        Subscription updated = SubscriptionJson.read(merged, names, id, current.createdAt(), now, fragment.has("expiresAt"),
                this::checkEndpoint);
        unindex(live);
        live.define(updated);
        index(live);
        boolean saved = false;
        try {
            saved = persist(SubscriptionStore.Kind.REPLACE, live, current.modifiedAt());
            return saved;
        } finally {
            if (!saved) {
                unindex(live);
                live.define(current);
                index(live);
            }
        }
    }

    /**
     * Deletes a subscription (5.8.5): nothing more is sent for it, a notification in flight aside.
     *
     * @throws ContextException {@link ContextException.Kind#NOT_FOUND}
     */
    public synchronized void delete(URI id) {
        for (int attempt = 1; ; attempt++) {
            Live live = byId.get(id.toString());
            if (live == null) {
                throw ContextException.notFound("no subscription " + id);
            }
            if (persist(SubscriptionStore.Kind.DELETE, live, live.subscription.modifiedAt())) {
                byId.remove(id.toString());
                unindex(live);
                live.deleted = true;
                return;
            }
            refresh(); // another hub changed or deleted it first
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("subscription " + id + " is being changed by other servers; try again");
            }
        }
    }

    /** Entity changes not notified because a subscription had {@link NotificationOptions#maxPending()} waiting. */
    public long dropped() {
        return dropped.get();
    }

    // ------------------------------------------------------------------ matching

    /** Matches a change against the subscriptions of its type; never blocks (see the class comment). */
    @Override
    public void accept(EntityChange change) {
        if (change.kind() == EntityChange.Kind.DELETED || closed) {
            return;
        }
        Set<Live> typed = byType.get(change.type());
        if (typed == null && anyType.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (typed != null) {
            typed.forEach(live -> offer(live, change, now));
        }
        anyType.forEach(live -> offer(live, change, now));
    }

    private void offer(Live live, EntityChange change, Instant now) {
        Subscription s = live.subscription;
        if (!s.notifiesAt(now) || !s.selects(change.id(), change.type())) {
            return;
        }
        if (change.kind() == EntityChange.Kind.UPDATED && change.attributes().isEmpty()) {
            return; // a write that changed no attribute's value (5.11: only changes notify)
        }
        Set<String> changed = change.attributes();
        if (!s.watchedAttributes().isEmpty()) {
            if (changed.stream().noneMatch(s.watchedAttributes()::contains)) {
                return;
            }
            changed = new HashSet<>(changed);
            changed.retainAll(s.watchedAttributes());
        }
        live.enqueue(change.id(), change.durableNanos(), change.kind() == EntityChange.Kind.CREATED ? null : changed);
    }

    private void index(Live live) {
        Subscription s = live.subscription;
        if (s.entities().isEmpty()) {
            anyType.add(live);
        }
        s.entities().forEach(e -> byType.computeIfAbsent(e.type(), t -> new CopyOnWriteArraySet<>()).add(live));
    }

    private void unindex(Live live) {
        anyType.remove(live);
        live.subscription.entities().forEach(e -> {
            Set<Live> set = byType.get(e.type());
            if (set != null) {
                set.remove(live);
            }
        });
    }

    private void checkEndpoint(URI endpoint) {
        transport(endpoint).check(endpoint);
    }

    private NotificationTransport transport(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        for (NotificationTransport t : transports) {
            if (t.serves(scheme)) {
                return t;
            }
        }
        throw new IllegalArgumentException("notifications cannot go to '" + scheme + ":' endpoints here");
    }

    // ------------------------------------------------------------------ delivery

    /** One subscription's definition and delivery state. */
    private final class Live {
        volatile Subscription subscription;
        volatile Expander names;
        volatile Predicate<Entity> filter;
        volatile boolean deleted;
        /** Entities to notify, with what changed since the last notification. Guarded by this. */
        private final LinkedHashMap<URI, Pending> pending = new LinkedHashMap<>();
        private boolean scheduled;
        private boolean sentBefore;
        private long lastSentNanos;
        private DeliveryStatus status;

        Live(Subscription subscription, DeliveryStatus status) {
            define(subscription);
            this.status = status;
        }

        void define(Subscription s) {
            Expander expander = contexts.expander(s.context());
            this.names = expander;
            this.filter = SubscriptionJson.filter(s, expander);
            this.subscription = s;
        }

        synchronized View view() {
            return new View(subscription, status);
        }

        synchronized DeliveryStatus status() {
            return status;
        }

        /** @param changed the (watched) attributes the change touched; null for a creation */
        synchronized void enqueue(URI id, long durableNanos, Set<String> changed) {
            Pending waiting = pending.get(id);
            if (waiting != null) {
                waiting.add(changed);
                return;
            }
            if (pending.size() >= options.maxPending()) {
                if (dropped.incrementAndGet() % 10_000 == 1) {
                    LOG.log(System.Logger.Level.WARNING, "subscription {0} has {1} entities waiting; further changes are "
                            + "not notified ({2} dropped so far)", subscription.id(), pending.size(), dropped.get());
                }
                return;
            }
            pending.put(id, new Pending(durableNanos, changed));
            scheduleIfIdle();
        }

        /** Schedules the next notification if none is scheduled or in flight; guarded by this. */
        private void scheduleIfIdle() {
            if (scheduled || pending.isEmpty() || closed) {
                return;
            }
            scheduled = true;
            long delay = 0;
            long throttle = subscription.throttling().toNanos();
            if (throttle > 0 && sentBefore) {
                delay = Math.max(0, lastSentNanos + throttle - System.nanoTime());
            }
            executor.schedule(this::prepare, delay, TimeUnit.NANOSECONDS);
        }

        /** Takes what is pending and sends it (on an executor thread). */
        private void prepare() {
            Map<URI, Pending> batch = new LinkedHashMap<>();
            synchronized (this) {
                Iterator<Map.Entry<URI, Pending>> it = pending.entrySet().iterator();
                while (it.hasNext() && batch.size() < options.maxEntitiesPerNotification()) {
                    Map.Entry<URI, Pending> e = it.next();
                    batch.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            try {
                Subscription s = subscription;
                Instant now = clock.instant();
                if (deleted || closed || !s.notifiesAt(now)) {
                    synchronized (this) {
                        pending.clear();
                    }
                    finished();
                    return;
                }
                ArrayNode data = NODES.arrayNode();
                long earliest = Long.MAX_VALUE;
                for (Map.Entry<URI, Pending> e : batch.entrySet()) {
                    Optional<Entity> entity = entities.apply(e.getKey()).filter(e.getValue()::createdOrUpdated).filter(filter);
                    if (entity.isPresent()) {
                        data.add(render(entity.get(), s));
                        earliest = Math.min(earliest, e.getValue().durableNanos);
                    }
                }
                if (data.isEmpty()) {
                    finished();
                    return;
                }
                Notification notification = notification(s, data, now);
                attempt(notification, 0, earliest);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot prepare a notification of " + subscription.id(), e);
                finished();
            }
        }

        private void attempt(Notification notification, int attempt, long earliest) {
            CompletableFuture<Void> sent;
            try {
                sent = transport(notification.endpoint()).send(notification);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((ok, error) -> {
                if (error == null) {
                    outcome(true, null, earliest);
                } else if (attempt < options.retries() && !closed && !deleted) {
                    long wait = options.backoff().toNanos() << Math.min(attempt, 20);
                    executor.schedule(() -> attempt(notification, attempt + 1, earliest), wait, TimeUnit.NANOSECONDS);
                } else {
                    outcome(false, reason(error), earliest);
                }
            });
        }

        private void outcome(boolean success, String reason, long earliest) {
            Instant now = clock.instant();
            synchronized (this) {
                status = success ? status.succeeded(now) : status.failed(now, reason);
                // throttling counts from the end of a notification, so receivers see the gap too
                sentBefore = true;
                lastSentNanos = System.nanoTime();
            }
            if (!success) {
                LOG.log(System.Logger.Level.WARNING, "notification of {0} to {1} failed: {2}", subscription.id(),
                        subscription.endpoint(), reason);
            }
            observer.notified(success, System.nanoTime() - earliest);
            finished();
        }

        private synchronized void finished() {
            scheduled = false;
            scheduleIfIdle();
        }
    }

    /**
     * What waits to be notified of one entity: when its earliest waiting change became durable,
     * and the (watched) attributes changed since the last notification, or null if it was
     * created meanwhile. Guarded by its {@link Live}.
     */
    private static final class Pending {
        final long durableNanos;
        private Set<String> changed;

        Pending(long durableNanos, Set<String> changed) {
            this.durableNanos = durableNanos;
            this.changed = changed;
        }

        void add(Set<String> more) {
            if (changed == null || more == null) {
                changed = null;
            } else if (!changed.containsAll(more)) {
                Set<String> union = new HashSet<>(changed);
                union.addAll(more);
                changed = union;
            }
        }

        /**
         * Whether the entity, as it is now, was created or has one of the changed attributes: the
         * default triggers (attributeCreated, attributeUpdated; 5.2.12) notify neither an
         * attribute's deletion nor the entity's.
         */
        boolean createdOrUpdated(Entity entity) {
            if (changed == null) {
                return true;
            }
            for (String name : changed) {
                if (entity.attributes().containsKey(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String reason(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t && (t instanceof CompletionException
                || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** An entity as a notification carries it: the asked attributes, no system times, names compacted. */
    private JsonNode render(Entity entity, Subscription s) {
        Entity shown = entity.withoutSystemTimes();
        if (!s.attributes().isEmpty()) {
            Map<String, Attribute> kept = new LinkedHashMap<>(shown.attributes());
            kept.keySet().retainAll(s.attributes());
            shown = new Entity(shown.id(), shown.type(), kept, shown.context(), Optional.empty(), Optional.empty());
        }
        Entity compacted = contexts.expander(s.context()).compact(shown).withContext(JsonLdContext.EMPTY);
        return s.format() == Subscription.Format.KEY_VALUES ? EntityJson.toKeyValues(compacted)
                : EntityJson.toNormalized(compacted);
    }

    private static Notification notification(Subscription s, ArrayNode data, Instant now) {
        ObjectNode body = NODES.objectNode();
        body.put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID());
        body.put("type", "Notification");
        body.put("subscriptionId", s.id().toString());
        body.put("notifiedAt", now.toString());
        body.set("data", data);
        boolean ld = s.accept().equals("application/ld+json");
        Optional<String> link = Optional.empty();
        if (ld) {
            body.set("@context", s.context().isEmpty() ? NODES.textNode(CoreContext.URI.toString()) : s.context().toJson());
        } else {
            link = s.context().uris().stream().findFirst()
                    .map(uri -> "<" + uri + ">; rel=\"" + LINK_REL + "\"; type=\"application/ld+json\"");
        }
        return new Notification(s.endpoint(), s.accept(), link, body);
    }

    // ------------------------------------------------------------------ the file

    /**
     * Makes one change durable in the store, with every subscription (the file needs them all);
     * guarded by this.
     *
     * @param live     the subscription changed, in its new state (null for COUNTERS)
     * @param expected its modifiedAt as last read, for REPLACE and DELETE
     * @return false if the store held another state (see {@link SubscriptionStore#save})
     */
    private boolean persist(SubscriptionStore.Kind kind, Live live, Instant expected) {
        Instant now = clock.instant();
        List<ObjectNode> all = new ArrayList<>();
        for (Live each : byId.values()) {
            if (kind != SubscriptionStore.Kind.DELETE || each != live) {
                all.add(node(each, now));
            }
        }
        all.addAll(unreadable.values()); // kept as they were, not lost by a rewrite
        SubscriptionStore.Write write = new SubscriptionStore.Write(kind,
                live == null ? "" : live.subscription.id().toString(),
                Optional.ofNullable(expected).map(Instant::toString),
                live == null || kind == SubscriptionStore.Kind.DELETE ? Optional.empty() : Optional.of(node(live, now)));
        return store.save(all, write);
    }

    private ObjectNode node(Live live, Instant now) {
        Subscription s = live.subscription;
        ObjectNode node = SubscriptionJson.write(s, live.status(), live.names, now);
        node.put("createdAt", s.createdAt().toString());
        node.put("modifiedAt", s.modifiedAt().toString());
        node.set("@context", s.context().toJson());
        return node;
    }

    private void load() {
        for (JsonNode node : store.load()) {
            Live live = readable(node);
            if (live != null) {
                byId.put(live.subscription.id().toString(), live);
                index(live);
            }
        }
    }

    /**
     * A stored subscription, or null, with an error logged, if it no longer reads (a JSON-LD
     * context it names is no longer known): it stays stored, and is active again once it reads.
     * One such subscription must not keep the others, or the server, from starting.
     */
    private Live readable(JsonNode node) {
        String id = node.path("id").asText();
        try {
            Live live = live(node);
            unreadable.remove(id);
            return live;
        } catch (NgsiLdException e) {
            if (unreadable.put(id, (ObjectNode) node) == null) { // reported once, not at every refresh
                LOG.log(System.Logger.Level.ERROR, "subscription " + id + " cannot be read and is inactive until it can "
                        + "(it stays stored): " + e.getMessage());
            }
            return null;
        }
    }

    private Live live(JsonNode node) {
        Expander names = contexts.expander(JsonLdContext.parse(node.get("@context"), "$['@context']"));
        Instant created = Instant.parse(node.get("createdAt").asText());
        Instant modified = Instant.parse(node.get("modifiedAt").asText());
        Subscription s = SubscriptionJson.read(node, names, null, created, modified, false, uri -> { });
        JsonNode n = node.path("notification");
        DeliveryStatus status = new DeliveryStatus(n.path("timesSent").asLong(), n.path("timesFailed").asLong(),
                time(n, "lastNotification"), time(n, "lastSuccess"), time(n, "lastFailure"), Optional.empty());
        return new Live(s, status);
    }

    /**
     * Takes in what other hubs did to a shared store: their new subscriptions, their changes (a
     * subscription whose modifiedAt differs is defined again, keeping this hub's delivery state)
     * and their deletions.
     */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode node : store.load()) {
            seen.add(node.path("id").asText());
            Live stored = readable(node);
            if (stored == null) {
                continue; // a known one keeps its last definition
            }
            String id = stored.subscription.id().toString();
            Live known = byId.get(id);
            if (known == null) {
                byId.put(id, stored);
                index(stored);
            } else if (!known.subscription.modifiedAt().equals(stored.subscription.modifiedAt())) {
                unindex(known);
                known.define(stored.subscription);
                index(known);
            }
        }
        unreadable.keySet().retainAll(seen); // deleted by another hub
        for (Live live : List.copyOf(byId.values())) {
            String id = live.subscription.id().toString();
            if (!seen.contains(id)) {
                byId.remove(id);
                unindex(live);
                live.deleted = true;
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reload the subscriptions: " + e.getMessage());
        }
    }

    private static Optional<Instant> time(JsonNode node, String member) {
        return node.hasNonNull(member) ? Optional.of(Instant.parse(node.get(member).asText())) : Optional.empty();
    }

    /** Stops delivering (notifications in flight are abandoned) and writes the counters. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            persist(SubscriptionStore.Kind.COUNTERS, null, null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the subscriptions' counters: " + e.getMessage());
        }
    }
}
