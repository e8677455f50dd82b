package org.citybrain.server.govern;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citybrain.govern.rules.DurableAlerts;
import org.citybrain.govern.rules.HubRuleFeed;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityQuery;
import org.citybrain.hub.context.Page;
import org.citybrain.hub.context.TypeInfo;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules at run time in the server: the engine fed by the change feed ({@link HubRuleFeed}),
 * and one timer thread ({@code govern-rules}) that, every 10 seconds, checks silent sensors,
 * expects every registered device and entity of a type an absence rule watches, catches every
 * series up from the store if the change feed dropped changes and is idle again, and, every
 * minute and at shutdown, saves the engine's state ({@link DurableAlerts#checkpoint}).
 *
 * <p>At start, after the engine's state is restored, every series that state knows is caught up
 * from the store before the first checkpoint; readings of other series are evaluated from the last
 * checkpoint's time (or this start) minus a minute.
 */
final class RulesRuntime implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(10);
    static final Duration CHECKPOINT_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RulesRuntime.class);

    private final RuleEngine engine;
    private final DurableAlerts alerts;
    private final HubRuleFeed feed;
    private final ChangeFeed changes;
    private final DeviceRegistry devices;
    private final ContextStore store;
    private final ScheduledExecutorService timer;
    private Set<String> expectedTypes = Set.of();
    private long nextCheckpoint;
    private volatile boolean caughtUp;

    RulesRuntime(RuleEngine engine, DurableAlerts alerts, ChangeFeed changes, Ingestor ingestor, DeviceRegistry devices,
            ContextStore store, Optional<Instant> checkpointedAt, MeterRegistry meters) {
        this.engine = engine;
        this.alerts = alerts;
        this.devices = devices;
        this.store = store;
        Instant since = checkpointedAt.orElse(Instant.now()).minus(Duration.ofMinutes(1));
        this.feed = new HubRuleFeed(ingestor, engine, since, changes::overflowed);
        this.changes = changes;
        changes.addDropListener(feed::dropped);
        changes.addListener(feed);
        Gauge.builder("citybrain.rules.lag", feed, f -> f.lagNanos() / 1e9).baseUnit("seconds")
                .description("how long after it became durable the last reading was evaluated by the rules").register(meters);
        Gauge.builder("citybrain.rules.lag.max", feed, f -> f.maxLagNanos() / 1e9).baseUnit("seconds")
                .description("the longest such lag since the start").register(meters);
        FunctionCounter.builder("citybrain.rules.readings", engine, RuleEngine::readings)
                .description("readings the rules evaluated").register(meters);
        FunctionCounter.builder("citybrain.rules.store.reads", feed, HubRuleFeed::storeReads)
                .description("series caught up from the store (after a start, or changes the feed dropped)").register(meters);
        Gauge.builder("citybrain.rules.alerts.pending", alerts, DurableAlerts::pending)
                .description("alert events emitted and not yet written").register(meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "govern-rules");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::start);
        timer.scheduleWithFixedDelay(this::round, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void start() {
        try {
            int series = feed.catchUp();
            expect();
            caughtUp = true;
            alerts.checkpoint(engine);
            nextCheckpoint = System.nanoTime() + CHECKPOINT_EVERY.toNanos();
            LOG.info("rules started: {} series caught up from the store", series);
        } catch (RuntimeException e) {
            LOG.error("the rules could not catch up after the start; the next round tries again", e);
        }
    }

    private void round() {
        try {
            if (!caughtUp) {
                start();
                return;
            }
            engine.tick(Instant.now());
            expect();
            if (changes.depth() == 0) {
                int series = feed.catchUpIfDropped();
                if (series > 0) {
                    LOG.info("rules: the change feed had dropped changes; {} series brought up to date from the store", series);
                }
            }
            if (System.nanoTime() - nextCheckpoint >= 0) {
                alerts.checkpoint(engine);
                nextCheckpoint = System.nanoTime() + CHECKPOINT_EVERY.toNanos();
            }
        } catch (RuntimeException e) {
            LOG.warn("rules timer round failed; next in {} s", TICK.toSeconds(), e);
        }
    }

    /**
     * Every registered device, and every entity of a type an absence rule watches, is expected to
     * report (the engine keeps the state of those it already watches). Entities are listed from the
     * store when the absence rules' types change; later ones arrive as CREATED changes.
     */
    private void expect() {
        Set<String> types = engine.absenceTypes();
        if (types.isEmpty()) {
            expectedTypes = types;
            return;
        }
        Instant now = Instant.now();
        for (Device d : devices.devices()) {
            engine.expect(d.entityId(), HubRuleFeed.termOf(d.entityType()), now);
        }
        if (!types.equals(expectedTypes)) {
            for (TypeInfo type : store.types()) {
                String term = HubRuleFeed.termOf(type.type());
                if (types.contains(term) || types.contains("")) {
                    expectAll(type.type(), term, now);
                }
            }
            expectedTypes = types;
        }
    }

    private void expectAll(String type, String term, Instant now) {
        int pageSize = 1_000;
        for (int offset = 0;; offset += pageSize) {
            Page page = store.query(new EntityQuery(Set.of(type), Set.of(), Optional.empty(), Set.of(), Optional.empty(),
                    offset, pageSize, false));
            List<Entity> entities = page.entities();
            entities.forEach(e -> engine.expect(e.id(), term, now));
            if (entities.size() < pageSize) {
                return;
            }
        }
    }

    HubRuleFeed feed() {
        return feed;
    }

    /** Stops the timer and saves the engine's state a last time. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
            if (caughtUp) {
                alerts.checkpoint(engine);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the rules' state could not be saved at shutdown; the next start catches up from the last one", e);
        }
    }
}
