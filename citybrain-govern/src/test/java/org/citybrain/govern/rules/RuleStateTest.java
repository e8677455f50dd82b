package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.citybrain.govern.rules.RuleEngineTest.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule state across restarts: snapshots, restore, expected entities, and alerts not delivered twice. */
class RuleStateTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final String TYPE = "AirQualityObserved";

    static List<Rule> allKinds() {
        return List.of(
                new Rule("high", "high", Optional.of(TYPE), "pm25", new Condition.Threshold(true, 75, Duration.ofMinutes(30),
                        Duration.ofMinutes(25), OptionalDouble.of(60)), Severity.HIGH, "environment", Optional.empty(),
                        Duration.ofHours(2)),
                new Rule("jump", "jump", Optional.of(TYPE), "pm25", new Condition.RateOfChange(true, 120, Duration.ZERO,
                        Duration.ofMinutes(25)), Severity.LOW, "environment", Optional.empty(), Duration.ofMinutes(30)),
                new Rule("odd", "odd", Optional.of(TYPE), "pm25", new Condition.Anomaly(Condition.Season.HOUR_OF_DAY,
                        ZoneOffset.ofHours(8), 2.5, 5, 0.1, 1, Condition.Direction.EITHER, Duration.ZERO,
                        Duration.ofMinutes(25)), Severity.LOW, "environment", Optional.empty(), Duration.ZERO),
                new Rule("silent", "silent", Optional.of(TYPE), "pm25", new Condition.Absence(Duration.ofMinutes(45)),
                        Severity.LOW, "environment", Optional.empty(), Duration.ZERO));
    }

    /** Readings of a random walk with pollution episodes and silences, ordered by time; ticks every 15 minutes. */
    record Stream(URI[] ids, int[] entity, long[] time, double[] value) {
        static Stream random(long seed, int sensors, int perSensor) {
            SplittableRandom random = new SplittableRandom(seed);
            URI[] ids = new URI[sensors];
            for (int s = 0; s < sensors; s++) {
                ids[s] = URI.create("urn:ngsi-ld:AirQualityObserved:s" + s);
            }
            int n = sensors * perSensor;
            int[] entity = new int[n];
            long[] time = new long[n];
            double[] value = new double[n];
            double[] level = new double[sensors];
            int[] silentUntil = new int[sensors];
            int k = 0;
            for (int r = 0; r < perSensor; r++) {
                for (int s = 0; s < sensors; s++) {
                    level[s] = Math.max(0, level[s] + random.nextGaussian() * 12 + (level[s] < 50 ? 3 : -2));
                    if (random.nextInt(200) == 0) {
                        silentUntil[s] = r + 1 + random.nextInt(10); // a silence of up to 100 minutes
                    }
                    if (r < silentUntil[s]) {
                        continue;
                    }
                    entity[k] = s;
                    time[k] = T0.toEpochMilli() + r * 600_000L + s;
                    value[k] = level[s];
                    k++;
                }
            }
            return new Stream(ids, java.util.Arrays.copyOf(entity, k), java.util.Arrays.copyOf(time, k),
                    java.util.Arrays.copyOf(value, k));
        }

        int size() {
            return time.length;
        }

        /** Feeds readings [from, to) and ticks every 15 simulated minutes; returns the next tick. */
        long feed(RuleEngine engine, int from, int to, long nextTick) {
            for (int k = from; k < to; k++) {
                while (time[k] >= nextTick) {
                    engine.tick(Instant.ofEpochMilli(nextTick));
                    nextTick += 900_000L;
                }
                engine.accept(ids[entity[k]], TYPE, "pm25", time[k], value[k]);
            }
            return nextTick;
        }
    }

    @Test
    void anEngineRestoredFromSnapshotsFindsExactlyTheAlertsOfOneThatNeverStopped() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("RuleStateTest seed " + seed);
        Stream stream = Stream.random(seed, 20, 1_500);
        List<Event> reference = new ArrayList<>();
        RuleEngine once = new RuleEngine(allKinds(), (c, a) -> reference.add(new Event(c, a)));
        stream.feed(once, 0, stream.size(), T0.toEpochMilli());

        List<Event> restarted = new ArrayList<>();
        SplittableRandom cuts = new SplittableRandom(seed);
        RuleEngine engine = new RuleEngine(allKinds(), (c, a) -> restarted.add(new Event(c, a)));
        int at = 0;
        long nextTick = T0.toEpochMilli();
        while (at < stream.size()) {
            int next = Math.min(stream.size(), at + 1 + cuts.nextInt(stream.size() / 4));
            nextTick = stream.feed(engine, at, next, nextTick);
            byte[] snapshot = engine.snapshot();
            engine = new RuleEngine(allKinds(), (c, a) -> restarted.add(new Event(c, a)));
            assertThat(engine.restore(snapshot, Instant.EPOCH)).isPositive();
            at = next;
        }
        assertThat(reference).extracting(Event::change).contains(AlertSink.Change.RAISED, AlertSink.Change.REOPENED,
                AlertSink.Change.CLEARED);
        assertThat(reference.stream().map(e -> e.alert().rule().id()).distinct()).hasSize(4);
        assertThat(restarted).isEqualTo(reference);
    }

    @Test
    void anEpisodeOpenAtTheStopIsRaisedOnceWhenItsPersistenceCompletesAfterTheRestart() {
        List<Event> events = new ArrayList<>();
        Rule rule = RuleEngineTest.rule("pm25", RuleEngineTest.above(75, Duration.ofHours(2)), Duration.ofHours(6));
        RuleEngine before = new RuleEngine(List.of(rule), (c, a) -> events.add(new Event(c, a)));
        RuleEngineTest.hourly(before, 80, 90);
        RuleEngine after = new RuleEngine(List.of(rule), (c, a) -> events.add(new Event(c, a)));
        after.restore(before.snapshot(), Instant.EPOCH);
        after.accept(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(2), 95);
        after.accept(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(3), 50);
        // within the suppression window after the restart: the same alert re-opens
        after.accept(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(4), 80);
        after.accept(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(5), 80);
        after.accept(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(6), 80);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED,
                AlertSink.Change.REOPENED);
        assertThat(events.get(0).alert().from()).isEqualTo(RuleEngineTest.hour(0));
        assertThat(events.get(0).alert().readings()).isEqualTo(3);
        assertThat(events.get(2).alert().id()).isEqualTo(events.get(0).alert().id());
        assertThat(after.readings()).isEqualTo(5);
        assertThat(after.outOfOrder()).isZero();
    }

    @Test
    void theActiveAlertsOfARuleChangedWhileStoppedAreClearedOnRestore() {
        List<Event> events = new ArrayList<>();
        Rule rule = RuleEngineTest.rule("pm25", RuleEngineTest.above(75, Duration.ZERO), Duration.ZERO);
        RuleEngine before = new RuleEngine(List.of(rule), (c, a) -> events.add(new Event(c, a)));
        RuleEngineTest.hourly(before, 80);
        Rule changed = RuleEngineTest.rule("pm25", RuleEngineTest.above(90, Duration.ZERO), Duration.ZERO);
        RuleEngine after = new RuleEngine(List.of(changed), (c, a) -> events.add(new Event(c, a)));
        Instant restart = RuleEngineTest.hour(5);
        assertThat(after.restore(before.snapshot(), restart)).isZero();
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(1).alert().to()).contains(restart);
        assertThat(events.get(1).alert().rule()).isEqualTo(rule);
        assertThat(after.active()).isEmpty();
    }

    @Test
    void aDamagedSnapshotIsAnErrorNotEmptyState() {
        RuleEngine engine = new RuleEngine(allKinds(), (c, a) -> { });
        byte[] snapshot = engine.snapshot();
        snapshot[3] ^= 1;
        assertThatThrownBy(() -> engine.restore(snapshot, Instant.EPOCH)).isInstanceOf(RuleException.class)
                .hasMessageContaining("not a rule state snapshot");
    }

    @Test
    void anExpectedEntityThatNeverReportsIsAlertedAfterItsSilenceAndClearedByItsFirstReading() {
        List<Event> events = new ArrayList<>();
        RuleEngine engine = new RuleEngine(allKinds(), (c, a) -> events.add(new Event(c, a)));
        URI never = URI.create("urn:ngsi-ld:AirQualityObserved:never");
        URI other = URI.create("urn:ngsi-ld:Road:r1");
        engine.expect(never, TYPE, T0);
        engine.expect(other, "Road", T0);
        engine.tick(T0.plus(Duration.ofMinutes(45)));
        assertThat(events).isEmpty();
        engine.tick(T0.plus(Duration.ofMinutes(46)));
        assertThat(events).hasSize(1);
        Alert alert = events.get(0).alert();
        assertThat(events.get(0).change()).isEqualTo(AlertSink.Change.RAISED);
        assertThat(alert.rule().id()).isEqualTo("silent");
        assertThat(alert.entityId()).isEqualTo(never);
        assertThat(alert.from()).isEqualTo(T0);
        // expected again (the server does at every start): the alert stays the one alert
        engine.expect(never, TYPE, T0.plus(Duration.ofHours(1)));
        engine.tick(T0.plus(Duration.ofHours(2)));
        assertThat(events).hasSize(1);
        engine.accept(never, TYPE, "pm25", T0.plus(Duration.ofHours(3)), 10);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
    }

    @Test
    void anExpectedEntityIsStillExpectedAfterARestartAndAForgottenOneIsCleared() {
        List<Event> events = new ArrayList<>();
        RuleEngine before = new RuleEngine(allKinds(), (c, a) -> events.add(new Event(c, a)));
        URI never = URI.create("urn:ngsi-ld:AirQualityObserved:never");
        before.expect(never, TYPE, T0);
        RuleEngine after = new RuleEngine(allKinds(), (c, a) -> events.add(new Event(c, a)));
        after.restore(before.snapshot(), Instant.EPOCH);
        after.expect(never, TYPE, T0.plus(Duration.ofHours(1))); // the restart's own: the first stands
        after.tick(T0.plus(Duration.ofMinutes(50)));
        assertThat(events).extracting(e -> e.alert().from()).containsExactly(T0);
        after.forget(never, T0.plus(Duration.ofHours(2)));
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(after.watched()).isEmpty();
    }

    @Test
    void alertsEvaluatedAgainAfterACrashAreNotDeliveredTwiceAndAClearingTheCrashCutOffIsDelivered(@TempDir Path dir)
            throws Exception {
        Rule rule = RuleEngineTest.rule("pm25", RuleEngineTest.above(75, Duration.ofHours(1)), Duration.ZERO);
        double[] values = {50, 80, 90, 95, 40, 80, 85, 30};
        List<String> delivered = new ArrayList<>();
        AlertSink record = (c, a) -> {
            synchronized (delivered) {
                delivered.add(DurableAlerts.key(c, a));
            }
        };
        // first life: a checkpoint after hour 1, the alert raised (hour 2) and cleared (hour 4) and
        // raised again (hour 6) are delivered; the reading of hour 7 is durable but the process dies first
        DurableAlerts first = new DurableAlerts(new FileRuleStateStore(dir), record, Clock.systemUTC());
        RuleEngine engine = new RuleEngine(List.of(rule), first);
        first.restore(engine);
        feed(engine, values, 0, 2);
        first.checkpoint(engine);
        feed(engine, values, 2, 7);
        first.close(); // waits for the writer, as the journal lines were written before the kill
        assertThat(delivered).hasSize(3);

        DurableAlerts second = new DurableAlerts(new FileRuleStateStore(dir), record, Clock.systemUTC());
        RuleEngine again = new RuleEngine(List.of(rule), second);
        assertThat(second.restore(again)).isPresent();
        feed(again, values, 1, 8); // the catch-up reads from the store everything after the checkpoint's state
        second.checkpoint(again);
        second.close();
        assertThat(second.suppressed()).isEqualTo(3);
        assertThat(delivered).hasSize(4).doesNotHaveDuplicates();
        assertThat(delivered.get(3)).endsWith("/CLEARED/0");
        assertThat(Files.readString(dir.resolve("rule-events.log"))).isEmpty();
    }

    static void feed(RuleEngine engine, double[] hourly, int from, int to) {
        for (int h = from; h < to; h++) {
            engine.replay(RuleEngineTest.SENSOR, TYPE, "pm25", RuleEngineTest.hour(h).toEpochMilli(), hourly[h]);
        }
    }

    @Test
    void aCheckpointWithABadChecksumIsAnErrorThatSaysWhatToDo(@TempDir Path dir) throws Exception {
        FileRuleStateStore store = new FileRuleStateStore(dir);
        store.save(new RuleStateStore.Checkpoint(7, T0, new byte[] {1, 2, 3, 4}));
        assertThat(store.load().orElseThrow().seq()).isEqualTo(7);
        byte[] file = Files.readAllBytes(dir.resolve("rule-state.bin"));
        file[file.length - 1] ^= 1;
        Files.write(dir.resolve("rule-state.bin"), file);
        assertThatThrownBy(store::load).isInstanceOf(RuleException.class).hasMessageContaining("rule-state.bin")
                .hasMessageContaining("checksum");
    }

    @Test
    void aJournalLineTornByACrashDoesNotSpoilTheNext(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rule-events.log"), "1 a/RAISED/0\n2 b/RAI");
        FileRuleStateStore store = new FileRuleStateStore(dir);
        store.delivered(new RuleStateStore.Delivered(3, "c/RAISED/0"));
        assertThat(store.deliveredSinceCheckpoint()).extracting(RuleStateStore.Delivered::key)
                .containsExactly("a/RAISED/0", "b/RAI", "c/RAISED/0");
        store.close();
    }
}
