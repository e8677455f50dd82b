package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    static final URI SENSOR = URI.create("urn:ngsi-ld:AirQualityObserved:dongsi");
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    record Event(AlertSink.Change change, Alert alert) {
    }

    final List<Event> events = new ArrayList<>();

    static Rule rule(String id, Condition condition, Duration suppression) {
        return new Rule(id, id, Optional.of("AirQualityObserved"), "pm25", condition, Severity.MEDIUM, "environment",
                Optional.of("airPollution"), suppression);
    }

    static Condition.Threshold above(double limit, Duration persistence) {
        return new Condition.Threshold(true, limit, persistence, Duration.ofHours(1), OptionalDouble.empty());
    }

    RuleEngine engine(Rule... rules) {
        return new RuleEngine(List.of(rules), (c, a) -> events.add(new Event(c, a)));
    }

    static void hourly(RuleEngine engine, double... values) {
        for (int h = 0; h < values.length; h++) {
            if (!Double.isNaN(values[h])) {
                engine.accept(SENSOR, "AirQualityObserved", "pm25", T0.plus(Duration.ofHours(h)), values[h]);
            }
        }
    }

    static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    @Test
    void aThresholdIsRaisedOnceItHasHeldForItsPersistenceAndClearedByTheFirstNormalReading() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ofHours(2)), Duration.ZERO));
        hourly(engine, 80, 90, 70, 80, 90, 100, 120, 60);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        Alert cleared = events.get(1).alert();
        assertThat(cleared.from()).isEqualTo(hour(3));
        assertThat(cleared.issued()).isEqualTo(hour(5));
        assertThat(cleared.to()).contains(hour(7));
        assertThat(cleared.lastBreach()).isEqualTo(hour(6));
        assertThat(cleared.readings()).isEqualTo(4);
        assertThat(cleared.worst()).isEqualTo(120);
        assertThat(events.get(0).alert().id()).isEqualTo(cleared.id());
    }

    @Test
    void aGapLongerThanMaxGapEndsTheEpisodeAtItsLastBreachingReading() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ZERO), Duration.ZERO));
        hourly(engine, 80, 90, Double.NaN, 95, 60);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED,
                AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(1).alert().to()).contains(hour(1));
        assertThat(events.get(2).alert().from()).isEqualTo(hour(3));
    }

    @Test
    void aGapBreaksPersistenceSoTwoShortRunsDoNotMakeOneLongOne() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ofHours(2)), Duration.ZERO));
        hourly(engine, 80, 90, Double.NaN, 95, 96, 50);
        assertThat(events).isEmpty();
        hourly(engine, 80, 90, 91, 50);
        assertThat(events).isEmpty(); // the hours before the last one are older than what the engine saw: ignored
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(6), 80);
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(7), 80);
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(8), 80);
        assertThat(events).extracting(e -> e.alert().from()).containsExactly(hour(6));
    }

    @Test
    void aBreachWithinTheSuppressionWindowReopensTheSameAlert() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ZERO), Duration.ofHours(2)));
        hourly(engine, 80, 60, 60, 85, 60, 60, 60, 90, 50);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED,
                AlertSink.Change.REOPENED, AlertSink.Change.CLEARED, AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(3).alert().id()).isEqualTo(events.get(0).alert().id());
        assertThat(events.get(3).alert().reopened()).isEqualTo(1);
        assertThat(events.get(3).alert().readings()).isEqualTo(2);
        assertThat(events.get(3).alert().worst()).isEqualTo(85);
        assertThat(events.get(4).alert().id()).isNotEqualTo(events.get(0).alert().id());
    }

    @Test
    void hysteresisKeepsTheAlertUntilTheValueFallsBelowTheClearingLevel() {
        Condition.Threshold th = new Condition.Threshold(true, 75, Duration.ZERO, Duration.ofHours(1), OptionalDouble.of(60));
        RuleEngine engine = engine(rule("pm25", th, Duration.ZERO));
        hourly(engine, 80, 70, 65, 61, 59, 70);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(1).alert().to()).contains(hour(4));
    }

    @Test
    void aBelowThresholdAlertsOnLowValues() {
        Condition.Threshold th = new Condition.Threshold(false, 10, Duration.ZERO, Duration.ofHours(1), OptionalDouble.empty());
        RuleEngine engine = engine(rule("low", th, Duration.ZERO));
        hourly(engine, 20, 5, 3, 20);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).alert().worst()).isEqualTo(3);
    }

    @Test
    void aRateOfChangeRuleComparesConsecutiveReadingsPerHour() {
        RuleEngine engine = engine(rule("jump", new Condition.RateOfChange(true, 50, Duration.ZERO, Duration.ofHours(1)),
                Duration.ZERO));
        hourly(engine, 10, 20, 90, 100, Double.NaN, 300, 310);
        // 20 → 90 is +70/h; 100 → 300 spans two hours, more than maxGap: no rate
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(0).alert().from()).isEqualTo(hour(2));
        assertThat(events.get(1).alert().worst()).isEqualTo(70);
    }

    @Test
    void anAbsenceRuleRaisesWhenASensorGoesSilentAndClearsWhenItSpeaksAgain() {
        RuleEngine engine = engine(rule("silent", new Condition.Absence(Duration.ofHours(2)), Duration.ZERO));
        hourly(engine, 10, 11);
        engine.tick(hour(3));
        assertThat(events).isEmpty();
        engine.tick(hour(3).plusSeconds(1));
        engine.tick(hour(4));
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED);
        assertThat(events.get(0).alert().from()).isEqualTo(hour(1));
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(5), 12);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
        assertThat(events.get(1).alert().to()).contains(hour(5));
    }

    @Test
    void anAnomalyIsAValueFarFromTheBaselineLearnedForItsHourOfTheDay() {
        Condition.Anomaly anomaly = new Condition.Anomaly(Condition.Season.HOUR_OF_DAY, ZoneOffset.UTC, 3, 5, 0.1, 1,
                Condition.Direction.EITHER, Duration.ZERO, Duration.ofHours(1));
        RuleEngine engine = engine(rule("odd", anomaly, Duration.ZERO));
        // a daily cycle: 100 at noon, 20 at night, with a little noise; a night at 100 is odd, noon at 100 is not
        for (int day = 0; day < 10; day++) {
            for (int h = 0; h < 24; h++) {
                double v = (h >= 8 && h < 20 ? 100 : 20) + (day % 3) - 1;
                engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(day * 24 + h), v);
            }
        }
        assertThat(events).isEmpty();
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(240 + 2), 100);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED);
        assertThat(events.get(0).alert().worst()).isGreaterThan(3);
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(240 + 3), 20);
        assertThat(events).extracting(Event::change).containsExactly(AlertSink.Change.RAISED, AlertSink.Change.CLEARED);
    }

    @Test
    void readingsOfOtherTypesAttributesOrOutOfOrderAreIgnored() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ZERO), Duration.ZERO));
        engine.accept(SENSOR, "WeatherObserved", "pm25", hour(0), 100);
        engine.accept(SENSOR, "AirQualityObserved", "pm10", hour(0), 100);
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(2), 10);
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(1), 100);
        assertThat(events).isEmpty();
        assertThat(engine.outOfOrder()).isEqualTo(1);
    }

    @Test
    void eachEntityHasItsOwnEpisodes() {
        RuleEngine engine = engine(rule("pm25", above(75, Duration.ZERO), Duration.ZERO));
        URI other = URI.create("urn:ngsi-ld:AirQualityObserved:other");
        engine.accept(SENSOR, "AirQualityObserved", "pm25", hour(0), 100);
        engine.accept(other, "AirQualityObserved", "pm25", hour(0), 100);
        engine.accept(other, "AirQualityObserved", "pm25", hour(1), 10);
        assertThat(engine.active()).extracting(Alert::entityId).containsExactly(SENSOR);
    }

    @Test
    void replacingRulesKeepsTheStateOfUnchangedOnesAndClearsTheAlertsOfChangedOnes() {
        Rule keep = rule("keep", above(75, Duration.ZERO), Duration.ZERO);
        Rule change = rule("change", above(50, Duration.ZERO), Duration.ZERO);
        RuleEngine engine = engine(keep, change);
        hourly(engine, 100);
        assertThat(engine.active()).hasSize(2);
        engine.replaceRules(List.of(keep, rule("change", above(60, Duration.ZERO), Duration.ZERO)), hour(1));
        assertThat(engine.active()).extracting(a -> a.rule().id()).containsExactly("keep");
        assertThat(events).extracting(Event::change).endsWith(AlertSink.Change.CLEARED);
    }
}
