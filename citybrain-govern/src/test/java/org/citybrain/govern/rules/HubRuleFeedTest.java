package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.citybrain.govern.rules.RuleEngineTest.Event;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules fed from a real hub (write-ahead log, ingestor, change feed): incremental, overload, restart. */
class HubRuleFeedTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Rule HIGH = RuleEngineTest.rule("high", RuleEngineTest.above(75, Duration.ofMinutes(20)), Duration.ZERO);
    static final int SENSORS = 5;

    @TempDir
    Path dir;
    WalStore store;
    DeviceRegistry devices;
    final String[] tokens = new String[SENSORS];

    @BeforeEach
    void open() {
        store = WalStore.open(dir.resolve("readings"));
        devices = DeviceRegistry.inMemory();
        for (int s = 0; s < SENSORS; s++) {
            tokens[s] = devices.register(Device.of("s" + s, id(s).toString(), "AirQualityObserved")).token();
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    static URI id(int sensor) {
        return URI.create("urn:ngsi-ld:AirQualityObserved:s" + sensor);
    }

    static double value(int sensor, int minute) {
        return (minute / 30 + sensor) % 3 == 0 ? 90 : 40; // episodes of 30 minutes, staggered by sensor
    }

    Ingestor ingestor(ChangeFeed feed) {
        return new Ingestor(devices, store, IngestOptions.DEFAULTS, Clock.systemUTC(), Optional.empty(), feed);
    }

    void send(Ingestor ingestor, int fromMinute, int toMinute) {
        for (int m = fromMinute; m < toMinute; m++) {
            for (int s = 0; s < SENSORS; s++) {
                sendOne(ingestor, s, m);
            }
        }
    }

    void sendOne(Ingestor ingestor, int sensor, int minute) {
        long ts = T0.plus(Duration.ofMinutes(minute)).toEpochMilli();
        ingestor.accept("s" + sensor, tokens[sensor], "{\"ts\":" + ts + ",\"values\":{\"pm25\":" + value(sensor, minute) + "}}");
    }

    /** What one engine fed every reading directly, in order, finds. */
    static List<Event> reference(int toMinute) {
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        for (int m = 0; m < toMinute; m++) {
            for (int s = 0; s < SENSORS; s++) {
                engine.accept(id(s), "AirQualityObserved", "pm25", T0.plus(Duration.ofMinutes(m)), value(s, m));
            }
        }
        return events;
    }

    /** A listener that, while {@code when} holds, counts {@code entered} down and holds the feed's thread until {@code release}. */
    static java.util.function.Consumer<EntityChange> holding(BooleanSupplier when, CountDownLatch entered,
            CountDownLatch release) {
        return change -> {
            if (when.getAsBoolean()) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void theReadingsAChangeCarriesAreEvaluatedWithOneStoreReadPerSeriesInAll() throws Exception {
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        try (ChangeFeed feed = new ChangeFeed()) {
            HubRuleFeed rules = new HubRuleFeed(ingestor(feed), engine, Instant.EPOCH, feed::overflowed);
            feed.addListener(rules);
            send(ingestor(feed), 0, 120);
            await(() -> engine.readings() == 120 * SENSORS);
            assertThat(rules.storeReads()).isEqualTo(SENSORS);
            assertThat(rules.lagNanos()).isPositive();
            assertThat(rules.maxLagNanos()).isGreaterThanOrEqualTo(rules.lagNanos());
        }
        assertThat(events).isEqualTo(reference(120)).isNotEmpty();
    }

    @Test
    void changesTheFeedDroppedUnderOverloadAreCaughtUpFromTheStoreNotLost() throws Exception {
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        try (ChangeFeed feed = new ChangeFeed(4)) {
            HubRuleFeed rules = new HubRuleFeed(ingestor(feed), engine, Instant.EPOCH, feed::overflowed);
            AtomicBoolean slow = new AtomicBoolean(true);
            feed.addListener(change -> {
                try {
                    if (slow.get()) {
                        Thread.sleep(1); // a slow listener before the rules: the queue of 4 overflows
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feed.addListener(rules);
            send(ingestor(feed), 0, 119);
            assertThat(feed.overflowed()).isPositive();
            slow.set(false);
            await(() -> feed.depth() == 0);
            // the next change of each series catches it up: every reading is evaluated, in order.
            // One change at a time, so that none of these is dropped too (on a loaded machine five
            // at once can still overflow a queue of 4, and a series whose last change is dropped is
            // caught up only on a change after it)
            long dropped = feed.overflowed();
            Ingestor ingestor = ingestor(feed);
            for (int s = 0; s < SENSORS; s++) {
                sendOne(ingestor, s, 119);
                await(() -> feed.depth() == 0);
            }
            assertThat(feed.overflowed()).isEqualTo(dropped);
            await(() -> engine.evaluatedUntil(id(SENSORS - 1), "AirQualityObserved", "pm25")
                    .equals(Optional.of(T0.plus(Duration.ofMinutes(119)))));
            Thread.sleep(50);
            assertThat(rules.storeReads()).isGreaterThan(SENSORS);
        }
        assertThat(engine.outOfOrder()).isZero();
        // series caught up one after another: the order across series differs, within each it does not
        assertThat(events).containsExactlyInAnyOrderElementsOf(reference(120));
    }

    @Test
    void seriesWhoseLastChangesWereDroppedAreCaughtUpOnceTheFeedIsIdle() throws Exception {
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        try (ChangeFeed feed = new ChangeFeed(4)) {
            HubRuleFeed rules = new HubRuleFeed(ingestor(feed), engine, Instant.EPOCH, feed::overflowed);
            feed.addListener(rules);
            AtomicBoolean stuck = new AtomicBoolean();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            feed.addListener(holding(stuck::get, entered, release)); // after the rules
            Ingestor ingestor = ingestor(feed);
            send(ingestor, 0, 1);
            await(() -> engine.readings() == SENSORS);
            assertThat(rules.catchUpIfDropped()).as("nothing dropped").isZero();

            stuck.set(true);
            sendOne(ingestor, 0, 1); // the rules evaluate it, then the feed's thread is held
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            for (int s = 1; s < SENSORS; s++) {
                sendOne(ingestor, s, 1); // queued (the queue holds 4)
            }
            send(ingestor, 2, 120); // all dropped
            assertThat(feed.overflowed()).isEqualTo(118L * SENSORS);
            release.countDown();
            await(() -> rules.changes() == 2 * SENSORS); // the queue taken is not yet the queue heard
            // the queued changes, heard after the drops, caught their series up; the first sensor's
            // change was heard before them, its later ones were dropped and none comes after them
            assertThat(engine.evaluatedUntil(id(0), "AirQualityObserved", "pm25")).isEqualTo(Optional.of(T0.plus(Duration.ofMinutes(1))));

            assertThat(rules.catchUpIfDropped()).as("series read from the store").isEqualTo(1);
            for (int s = 0; s < SENSORS; s++) {
                assertThat(engine.evaluatedUntil(id(s), "AirQualityObserved", "pm25")).isEqualTo(Optional.of(T0.plus(Duration.ofMinutes(119))));
            }
            assertThat(rules.catchUpIfDropped()).as("once per drop").isZero();
        }
        assertThat(engine.outOfOrder()).isZero();
        assertThat(events).containsExactlyInAnyOrderElementsOf(reference(120));
    }

    @Test
    void aSeriesTheRulesNeverHeardOfWhoseEveryChangeWasDroppedIsCaughtUpOnceTheFeedIsIdle() throws Exception {
        URI newcomer = URI.create("urn:ngsi-ld:AirQualityObserved:new");
        String token = devices.register(Device.of("new", newcomer.toString(), "AirQualityObserved")).token();
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        try (ChangeFeed feed = new ChangeFeed(4)) {
            HubRuleFeed rules = new HubRuleFeed(ingestor(feed), engine, Instant.EPOCH, feed::overflowed);
            feed.addDropListener(rules::dropped);
            feed.addListener(rules);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            feed.addListener(holding(() -> true, entered, release)); // from the first change on
            Ingestor ingestor = ingestor(feed);
            sendOne(ingestor, 0, 0); // heard, then the feed's thread is held
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            for (int s = 1; s < SENSORS; s++) {
                sendOne(ingestor, s, 0); // queued (the queue holds 4)
            }
            for (int m = 0; m < 120; m++) { // every change of the newcomer is dropped
                long ts = T0.plus(Duration.ofMinutes(m)).toEpochMilli();
                ingestor.accept("new", token, "{\"ts\":" + ts + ",\"values\":{\"pm25\":" + (m >= 30 && m < 60 ? 90 : 40) + "}}");
            }
            assertThat(feed.overflowed()).isEqualTo(120);
            release.countDown();
            await(() -> rules.changes() == SENSORS);
            assertThat(engine.evaluatedUntil(newcomer, "AirQualityObserved", "pm25")).as("never heard of").isEmpty();

            // the newcomer's, and the first sensor's (heard before the drops, as every series then)
            assertThat(rules.catchUpIfDropped()).as("series read from the store").isEqualTo(2);
            assertThat(engine.evaluatedUntil(newcomer, "AirQualityObserved", "pm25"))
                    .isEqualTo(Optional.of(T0.plus(Duration.ofMinutes(119))));
            assertThat(rules.catchUpIfDropped()).as("once per drop").isZero();
        }
        assertThat(events).as("the newcomer's half hour above 75").anySatisfy(e ->
                assertThat(e.alert().entityId()).isEqualTo(newcomer));
    }

    @Test
    void afterARestartReadingsMadeDurableButNeverEvaluatedAreCaughtUpAtOnce() throws Exception {
        List<Event> events = new ArrayList<>();
        RuleEngine before = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        try (ChangeFeed feed = new ChangeFeed()) {
            feed.addListener(new HubRuleFeed(ingestor(feed), before, Instant.EPOCH, feed::overflowed));
            send(ingestor(feed), 0, 60);
            await(() -> before.readings() == 60 * SENSORS);
        }
        byte[] snapshot = before.snapshot();
        // durable, never evaluated: the process died before the rules heard of them
        send(ingestor(new ChangeFeed()), 60, 90);

        RuleEngine after = new RuleEngine(List.of(HIGH), (c, a) -> events.add(new Event(c, a)));
        after.restore(snapshot, Instant.now());
        HubRuleFeed rules = new HubRuleFeed(ingestor(new ChangeFeed()), after, Instant.now());
        assertThat(rules.catchUp()).isEqualTo(SENSORS);
        assertThat(after.readings()).isEqualTo(30 * SENSORS);
        assertThat(events).containsExactlyInAnyOrderElementsOf(reference(90));
    }

    @Test
    void aCreatedEntityIsExpectedByTheAbsenceRulesOfItsTypeAndADeletedOneForgotten() {
        Rule silent = new Rule("silent", "silent", Optional.of("AirQualityObserved"), "pm25",
                new Condition.Absence(Duration.ofMinutes(5)), Severity.LOW, "environment", Optional.empty(), Duration.ZERO);
        RuleEngine engine = new RuleEngine(List.of(silent), (c, a) -> { });
        HubRuleFeed rules = new HubRuleFeed(ingestor(new ChangeFeed()), engine, Instant.EPOCH);
        URI created = URI.create("urn:ngsi-ld:AirQualityObserved:new");
        rules.accept(new EntityChange(created, "https://smart-data-models.github.io/terms.jsonld#/AirQualityObserved",
                Set.of(), EntityChange.Kind.CREATED, System.nanoTime()));
        assertThat(engine.watched()).containsExactly(new RuleEngine.Watched(created, "AirQualityObserved"));
        rules.accept(new EntityChange(created, "AirQualityObserved", Set.of(), EntityChange.Kind.DELETED, System.nanoTime()));
        assertThat(engine.watched()).isEmpty();
    }
}
