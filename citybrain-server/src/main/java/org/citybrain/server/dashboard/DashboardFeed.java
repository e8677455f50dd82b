package org.citybrain.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.context.EntityQuery;
import org.citybrain.hub.context.Page;
import org.citybrain.hub.context.TypeInfo;
import org.citybrain.hub.entity.Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's live data: a {@link CityView} of the hub's entities kept current from the
 * {@link ChangeFeed}, the key figures and their last hour, and the browsers that watch them.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The change feed's listener only notes which entity changed (it must be quick); every
 *       {@code updateInterval} one round reads the noted entities from the {@link ContextStore}
 *       (which lays the latest telemetry over them), so a burst of readings on one lane costs one
 *       read and one message per round: watchers get at most one update per interval.</li>
 *   <li>An update carries the items that changed (same shapes as the snapshot), the ids removed,
 *       the key figures, and a new series sample when one was taken; nothing is sent in a round
 *       where nothing changed and no sample was due, except a keep-alive every
 *       {@value #KEEP_ALIVE_SECONDS} s.</li>
 *   <li>A watcher first gets the whole snapshot, then the updates. An update may repeat what the
 *       snapshot already held (items are replaced by id; samples carry their time).</li>
 *   <li>A watcher whose send fails is dropped. Sends happen on the round's thread, one watcher
 *       after the other: the feed is meant for a few operators' browsers, not for the public.</li>
 * </ul>
 */
public final class DashboardFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int KEEP_ALIVE_SECONDS = 15;
    private static final int PAGE = 1000;

    /**
     * How the feed runs.
     *
     * @param updateInterval at most one update per watcher per this interval
     * @param sampleInterval one series sample per this interval
     * @param history        how far back the series go (bounds their memory)
     * @param defaultPeriod  the observation period of a flow reading that names none (for throughput)
     */
    public record Settings(Duration updateInterval, Duration sampleInterval, Duration history, Duration defaultPeriod) {
        public Settings {
            for (Map.Entry<String, Duration> d : Map.of("update-interval", updateInterval, "sample-interval", sampleInterval,
                    "history", history, "default-period", defaultPeriod).entrySet()) {
                if (d.getValue() == null || d.getValue().isNegative() || d.getValue().isZero()) {
                    throw new IllegalArgumentException("citybrain.dashboard." + d.getKey() + " must be positive: " + d.getValue());
                }
            }
            if (history.compareTo(sampleInterval) < 0) {
                throw new IllegalArgumentException("citybrain.dashboard.history (" + history
                        + ") must be at least citybrain.dashboard.sample-interval (" + sampleInterval + ")");
            }
        }

        /** Updates twice a second, a sample every 10 s, one hour kept, readings of 60 s. */
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(60));
    }

    /** Where a watcher's messages go: one server-sent event each. */
    public interface Watcher {
        /** Sends one event; {@code data} is one line of JSON, or empty for a keep-alive. */
        void send(String event, String data) throws IOException;

        /** Ends the stream: the feed is closing. */
        default void end() {
        }
    }

    private final ContextStore store;
    private final ChangeFeed changes;
    private final Clock clock;
    private final Settings settings;
    private final CityView view = new CityView();
    private final Series series;
    private final Map<URI, EntityChange.Kind> dirty = new ConcurrentHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long lastSample = Long.MIN_VALUE;
    private long lastSent;
    private ScheduledExecutorService timer;
    private boolean listening;

    public DashboardFeed(ContextStore store, ChangeFeed changes, Clock clock, Settings settings) {
        this.store = store;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.series = new Series((int) Math.max(1, settings.history().toMillis() / settings.sampleInterval().toMillis()));
    }

    /** Reads the current entities, starts listening to the change feed, and runs the rounds on a thread of its own. */
    public synchronized void start() {
        load();
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dashboard-feed");
                t.setDaemon(true);
                return t;
            });
            long every = settings.updateInterval().toMillis();
            timer.scheduleWithFixedDelay(this::roundSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads every entity the dashboard shows into the view and, the first time, starts listening. */
    synchronized void load() {
        if (!listening) {
            // listen first: a change between the read below and the listening would otherwise be lost
            changes.addListener(this::changed);
            listening = true;
        }
        for (TypeInfo type : store.types()) {
            if (CityView.Kind.of(type.type()).isEmpty()) {
                continue;
            }
            for (int offset = 0; ; offset += PAGE) {
                Page page = store.query(new EntityQuery(Set.of(type.type()), Set.of(), Optional.empty(), Set.of(),
                        Optional.empty(), offset, PAGE, false));
                page.entities().forEach(view::put);
                if (page.entities().size() < PAGE) {
                    break;
                }
            }
        }
    }

    private void changed(EntityChange change) {
        if (CityView.Kind.of(change.type()).isPresent()) {
            dirty.merge(change.id(), change.kind(), (before, after) -> after);
        }
    }

    private void roundSafely() {
        try {
            round().ifPresentOrElse(update -> broadcast("update", update.toString()), this::keepAlive);
        } catch (RuntimeException e) {
            LOG.warn("dashboard round failed; next in {}", settings.updateInterval(), e);
        }
    }

    /**
     * One round: takes the changed entities into the view, samples the key figures when due.
     *
     * @return the update for the watchers, or empty if there is nothing new
     */
    synchronized Optional<ObjectNode> round() {
        ObjectNode update = JSON.createObjectNode();
        ArrayNode removed = JSON.createArrayNode();
        boolean changed = false;
        for (URI id : List.copyOf(dirty.keySet())) {
            EntityChange.Kind kind = dirty.remove(id);
            Optional<Entity> entity = kind == EntityChange.Kind.DELETED ? Optional.empty() : store.find(id);
            if (entity.isPresent()) {
                Optional<Record> item = view.put(entity.get());
                if (item.isPresent()) {
                    update.withArray(key(item.get())).add(JSON.valueToTree(item.get()));
                    changed = true;
                }
            } else if (view.remove(id)) {
                removed.add(id.toString());
                changed = true;
            }
        }
        long now = clock.millis();
        CityView.Kpis kpis = view.kpis(settings.defaultPeriod().toMillis() / 1000.0);
        boolean sampled = false;
        if (lastSample == Long.MIN_VALUE || now - lastSample >= settings.sampleInterval().toMillis()) {
            series.add(now, kpis);
            lastSample = now;
            update.set("sample", sample(now, kpis));
            sampled = true;
        }
        if (!changed && !sampled) {
            return Optional.empty();
        }
        if (!removed.isEmpty()) {
            update.set("removed", removed);
        }
        update.put("time", Instant.ofEpochMilli(now).toString());
        update.set("kpis", JSON.valueToTree(kpis));
        return Optional.of(update);
    }

    private static String key(Record item) {
        if (item instanceof CityView.Road) {
            return "roads";
        } else if (item instanceof CityView.Signal) {
            return "signals";
        } else if (item instanceof CityView.Flow) {
            return "flows";
        } else if (item instanceof CityView.Parking) {
            return "parks";
        } else if (item instanceof CityView.ParkingForecast) {
            return "forecasts";
        } else if (item instanceof CityView.Alert) {
            return "alerts";
        }
        return "indices";
    }

    private static ObjectNode sample(long time, CityView.Kpis kpis) {
        ObjectNode sample = JSON.valueToTree(kpis);
        sample.put("time", time);
        return sample;
    }

    /** Everything the page needs at load: the view, the key figures, the series of the last hour. */
    public synchronized ObjectNode snapshot() {
        ObjectNode out = JSON.createObjectNode();
        long now = clock.millis();
        out.put("time", Instant.ofEpochMilli(now).toString());
        out.set("roads", JSON.valueToTree(view.roads()));
        out.set("signals", JSON.valueToTree(view.signals()));
        out.set("flows", JSON.valueToTree(view.flows()));
        out.set("parks", JSON.valueToTree(view.parks()));
        out.set("forecasts", JSON.valueToTree(view.forecasts()));
        out.set("alerts", JSON.valueToTree(view.alerts()));
        out.set("indices", JSON.valueToTree(view.indices()));
        out.set("kpis", JSON.valueToTree(view.kpis(settings.defaultPeriod().toMillis() / 1000.0)));
        ObjectNode s = out.putObject("series");
        ArrayNode times = s.putArray("time");
        for (long t : series.times()) {
            times.add(t);
        }
        for (int f = 0; f < Series.FIELDS.length; f++) {
            ArrayNode values = s.putArray(Series.FIELDS[f]);
            for (double v : series.values(f)) {
                if (Double.isNaN(v)) {
                    values.addNull();
                } else {
                    values.add(v);
                }
            }
        }
        ObjectNode live = out.putObject("live");
        live.put("updateMillis", settings.updateInterval().toMillis());
        live.put("sampleSeconds", settings.sampleInterval().toSeconds());
        live.put("historySeconds", settings.history().toSeconds());
        return out;
    }

    /**
     * Sends the snapshot, as {@code decorate} completes it, to {@code watcher}, then every update
     * until a send fails or the feed closes.
     */
    public synchronized void watch(Watcher watcher, UnaryOperator<ObjectNode> decorate) throws IOException {
        watcher.send("snapshot", decorate.apply(snapshot()).toString());
        watchers.add(watcher);
    }

    /** Stops sending to {@code watcher}. */
    public void unwatch(Watcher watcher) {
        watchers.remove(watcher);
    }

    /** Watchers now. */
    public int watchers() {
        return watchers.size();
    }

    private void broadcast(String event, String data) {
        lastSent = clock.millis();
        for (Watcher w : watchers) {
            try {
                w.send(event, data);
            } catch (IOException | RuntimeException e) {
                LOG.debug("dashboard watcher dropped: {}", e.toString());
                watchers.remove(w);
            }
        }
    }

    private void keepAlive() {
        if (clock.millis() - lastSent >= KEEP_ALIVE_SECONDS * 1000L) {
            broadcast("", "");
        }
    }

    /** Stops the rounds and lets the watchers go. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        watchers.forEach(Watcher::end);
        watchers.clear();
    }
}
