package org.citybrain.control.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LearnedFreeFlowSpeedsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long MIDNIGHT = ZonedDateTime.of(2024, 3, 5, 0, 0, 0, 0, SHANGHAI).toEpochSecond();
    private static final int INTERVAL = 360; // 6 minutes: 40 intervals from 01:00 to 05:00

    private static RoadObservation obs(String road, double from, double speed, double vehicles) {
        return new RoadObservation(road, from, INTERVAL, 800, speed, vehicles);
    }

    @Test
    void learnsThe85thPercentileOfTheSpeedsOfTheNightHours() {
        LearnedFreeFlowSpeeds learned = new LearnedFreeFlowSpeeds(QuietPeriods.nightHours(SHANGHAI));
        int quietSeen = 0;
        for (int i = 0; i < 24 * 3600 / INTERVAL; i++) {
            long from = MIDNIGHT + (long) i * INTERVAL;
            int hour = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(from), SHANGHAI).getHour();
            boolean night = hour >= 1 && hour < 5;
            // at night the speeds cycle through 10, 11, ... 19 m/s, 4 times each; by day traffic crawls
            double speed = night ? 10 + quietSeen++ % 10 : 4;
            learned.learn(List.of(obs("r", from, speed, night ? 5 : 50)));
        }

        assertThat(quietSeen).isEqualTo(40);
        assertThat(learned.quietVehicles("r")).isEqualTo(200);
        // 85% of the night's vehicles drove at 18 m/s or slower; the 0.5 m/s bin of 18 holds the answer
        assertThat(learned.of("r").getAsDouble()).isBetween(18.0, 18.5);
    }

    @Test
    void aRoadHasNoLearnedSpeedUntilEnoughQuietVehiclesAndThenFallsBack() {
        LearnedFreeFlowSpeeds learned = new LearnedFreeFlowSpeeds(QuietPeriods.nightHours(SHANGHAI), 0.85, 30);
        learned.learn(List.of(obs("r", MIDNIGHT + 2 * 3600, 12, 20)));
        FreeFlowSpeeds speeds = learned.orElse(FreeFlowSpeeds.configured(Map.of("r", 16.7)));

        assertThat(learned.of("r")).isEmpty();
        assertThat(speeds.of("r").getAsDouble()).isEqualTo(16.7);

        learned.learn(List.of(obs("r", MIDNIGHT + 3 * 3600, 12, 10)));
        assertThat(speeds.of("r").getAsDouble()).isEqualTo(12.0);
    }

    @Test
    void emptyRoadsAndDaytimeTrafficTeachNothing() {
        LearnedFreeFlowSpeeds learned = new LearnedFreeFlowSpeeds(QuietPeriods.nightHours(SHANGHAI));
        int learnt = learned.learn(List.of(obs("empty", MIDNIGHT + 3600, Double.NaN, 0),
                obs("busy", MIDNIGHT + 9 * 3600, 5, 500)));

        assertThat(learnt).isZero();
        assertThat(learned.quietVehicles("busy")).isZero();
    }

    @Test
    void clockHoursMayCrossMidnight() {
        QuietPeriods.ClockHours late = new QuietPeriods.ClockHours(SHANGHAI, LocalTime.of(22, 0), LocalTime.of(2, 0));

        assertThat(late.contains(MIDNIGHT + 23 * 3600)).isTrue();
        assertThat(late.contains(MIDNIGHT + 3600)).isTrue();
        assertThat(late.contains(MIDNIGHT + 2 * 3600)).isFalse();
        assertThat(late.contains(MIDNIGHT + 12 * 3600)).isFalse();
        assertThatThrownBy(() -> new QuietPeriods.ClockHours(SHANGHAI, LocalTime.NOON, LocalTime.NOON))
                .hasMessageContaining("empty");
    }

    @Test
    void withoutAClockTheLowestVolumeIntervalsAreQuiet() {
        LearnedFreeFlowSpeeds learned = new LearnedFreeFlowSpeeds(new QuietPeriods.LowestVolume(0.25, 100), 0.5, 1);
        // one quiet interval in four: two roads at 15 and 14 m/s with few vehicles, else crowded and slow
        List<Integer> quietOnes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean quiet = i % 4 == 0;
            int learnt = learned.learn(List.of(
                    obs("a", i * 300.0, quiet ? 15 : 3, quiet ? 10 : 100),
                    obs("b", i * 300.0, quiet ? 14 : 2, quiet ? 10 : 100)));
            if (learnt > 0) {
                quietOnes.add(i);
            }
        }

        assertThat(quietOnes).allMatch(i -> i % 4 == 0).hasSize(10);
        assertThat(learned.of("a").getAsDouble()).isEqualTo(15.0);
        assertThat(learned.of("b").getAsDouble()).isEqualTo(14.0);
    }

    @Test
    void aRoadWhoseQuietVehiclesAllStoodStillStillGetsAPositiveSpeed() {
        LearnedFreeFlowSpeeds learned = new LearnedFreeFlowSpeeds(QuietPeriods.lowestVolume(), 0.85, 1);
        learned.learn(List.of(obs("r", 0, 0, 5)));

        assertThat(learned.of("r").getAsDouble()).isPositive();
    }

    @Test
    void settingsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new LearnedFreeFlowSpeeds(QuietPeriods.lowestVolume(), 0, 30))
                .hasMessageContaining("percentile");
        assertThatThrownBy(() -> new LearnedFreeFlowSpeeds(QuietPeriods.lowestVolume(), 0.85, 0))
                .hasMessageContaining("minVehicles");
        assertThatThrownBy(() -> new QuietPeriods.LowestVolume(1, 10)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new QuietPeriods.LowestVolume(0.2, 0)).hasMessageContaining("window");
    }
}
