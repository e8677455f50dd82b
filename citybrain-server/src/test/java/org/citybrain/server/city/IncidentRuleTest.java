package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.citybrain.twin.GeoReference;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.Test;

/**
 * The incident rule on hand-made reading sequences, on Hangzhou's network. At intersection_2_4,
 * lane 1 of road_1_4_0 goes straight on to road_2_4_0 in phases 1 and 5 of the plan (red in the
 * others); lane 1 of road_2_4_0 goes straight on at intersection_3_4, likewise in phases 1 and 5.
 * Time is the devices' clock in milliseconds, one simulated second a second; rounds are 30 s.
 */
class IncidentRuleTest {
    static final RoadNetwork NETWORK = ScenarioFormat.loadNetwork(CityIT.SCENARIO.resolve("roadnet_4_4.json"), Optional.empty());
    static final CityModel MODEL = new CityModel(NETWORK, new GeoReference(30.28, 120.01), "one", 0, 16, 0);
    static final int ROUND = 30;
    static final int GREEN = 1;
    static final int RED = 2;

    final IncidentRule rule = new IncidentRule(NETWORK, MODEL.lanes(), ROUND);
    final List<IncidentRule.Alarm> alarms = new ArrayList<>();

    static int lane(String road, int lane) {
        List<CityModel.LaneRef> lanes = MODEL.lanes();
        for (int i = 0; i < lanes.size(); i++) {
            if (lanes.get(i).road().equals(road) && lanes.get(i).lane() == lane) {
                return i;
            }
        }
        throw new AssertionError("no watched lane " + road + " " + lane);
    }

    void round(String road, int lane, int second, int departed, double occupancy, int queue) {
        rule.round(lane(road, lane), second * 1000L, departed, occupancy, queue).ifPresent(alarms::add);
    }

    /** Every lane of {@code road} in a round of free flow: a few vehicles, all leaving. */
    void flowing(String road, int second) {
        for (int l = 0; l < 3; l++) {
            round(road, l, second, 4, 0.02, 0);
        }
    }

    /** One round: lane 1 of road_1_4_0 holds 10 stopped vehicles, none leaving; road_2_4_0 ahead flows. */
    void standingWithRoomAhead(int second) {
        round("road_1_4_0", 1, second, 0, 0.06, 10);
        flowing("road_2_4_0", second);
    }

    /** Rounds of {@link #standingWithRoomAhead}, each after {@code before}, until the alarm. */
    int roundsToAlarm(IntConsumer before) {
        start("road_1_4_0", "road_2_4_0");
        int rounds = 0;
        for (int t = ROUND; alarms.isEmpty() && t <= 40 * ROUND; t += ROUND) {
            before.accept(t);
            standingWithRoomAhead(t);
            rounds++;
        }
        return rounds;
    }

    /** The first round of every lane involved: the rule weighs a lane's rounds from its second on. */
    void start(String... roads) {
        for (String road : roads) {
            flowing(road, 0);
        }
    }

    @Test
    void aBlockedLaneWithAnEmptyRoadAheadRaisesAnAlarmAfterItsGreen() {
        rule.phaseShown("intersection_2_4", GREEN, 0);
        start("road_1_4_0", "road_2_4_0");
        for (int t = ROUND; t <= 10 * ROUND; t += ROUND) {
            standingWithRoomAhead(t);
            if (t == ROUND) {
                assertThat(alarms).as("after 30 - 3 s of green: not yet 45 s").isEmpty();
            }
        }
        assertThat(alarms).hasSize(1);
        IncidentRule.Alarm alarm = alarms.get(0);
        assertThat(alarm.lane()).isEqualTo(MODEL.lanes().get(lane("road_1_4_0", 1)));
        assertThat(alarm.greenSeconds()).isEqualTo(2 * (ROUND - IncidentRule.LOST_SECONDS));
        assertThat(alarm.queue()).isEqualTo(10);
    }

    @Test
    void aQueueAtARedLightRaisesNothingHoweverLongTheRed() {
        rule.phaseShown("intersection_2_4", RED, 0);
        start("road_1_4_0", "road_2_4_0");
        int t = ROUND;
        for (; t <= 40 * ROUND; t += ROUND) { // 20 minutes of red, as max pressure may hold one
            round("road_1_4_0", 1, t, 0, 0.05 + t * 1e-4, Math.min(100, t / 10));
            flowing("road_2_4_0", t);
        }
        assertThat(rule.stalledGreenSeconds(lane("road_1_4_0", 1))).isZero();
        rule.phaseShown("intersection_2_4", GREEN, (t - ROUND) * 1000L);
        round("road_1_4_0", 1, t, 12, 0.4, 80); // at its green, the queue leaves
        assertThat(alarms).isEmpty();
    }

    @Test
    void congestionWithAFullRoadAheadRaisesNothingUntilTheRoadAheadHasRoom() {
        rule.phaseShown("intersection_2_4", GREEN, 0);
        start("road_1_4_0", "road_2_4_0");
        int t = ROUND;
        for (; t <= 20 * ROUND; t += ROUND) {
            round("road_2_4_0", 1, t, 3, 0.6, 95); // full, and draining at its own signal
            round("road_1_4_0", 1, t, 0, 0.6, 100); // spillback: cannot enter it
        }
        assertThat(alarms).as("spillback from a full road ahead is congestion").isEmpty();
        for (int end = t + 3 * ROUND; t <= end; t += ROUND) {
            round("road_2_4_0", 1, t, 6, 0.1, 5);
            round("road_1_4_0", 1, t, 0, 0.6, 100);
        }
        assertThat(alarms).as("the same lane standing at its green with room ahead").hasSize(1);
        assertThat(alarms.get(0).lane().road()).isEqualTo("road_1_4_0");
    }

    @Test
    void theAlarmGoesToTheBlockedLaneNotToTheQueuesItHoldsBack() {
        rule.phaseShown("intersection_1_4", GREEN, 0);
        rule.phaseShown("intersection_2_4", GREEN, 0);
        rule.phaseShown("intersection_3_4", GREEN, 0);
        start("road_0_4_0", "road_1_4_0", "road_2_4_0", "road_3_4_0");
        for (int t = ROUND; t <= 20 * ROUND; t += ROUND) {
            flowing("road_3_4_0", t);
            round("road_2_4_0", 1, t, 0, 0.08, 12); // blocked, with few vehicles on it
            round("road_2_4_0", 0, t, 4, 0.02, 0);
            round("road_2_4_0", 2, t, 4, 0.02, 0);
            round("road_1_4_0", 1, t, 0, 0.3, 40); // its vehicles wait to go on into the blocked lane
            round("road_0_4_0", 1, t, 0, 0.2, 25); // and these behind them, with room on road_1_4_0's other lanes
            round("road_1_4_0", 0, t, 3, 0.02, 0);
            round("road_1_4_0", 2, t, 3, 0.02, 0);
        }
        assertThat(alarms).extracting(a -> a.lane().road()).containsExactly("road_2_4_0");
        for (String road : List.of("road_1_4_0", "road_0_4_0")) {
            assertThat(rule.stalledGreenSeconds(lane(road, 1))).as(road).isZero();
            assertThat(rule.heldBack(lane(road, 1))).as(road).isTrue();
        }
    }

    @Test
    void aRoadIsAlarmedOnceUntilItsLanesAreClearAgain() {
        rule.phaseShown("intersection_2_4", GREEN, 0);
        start("road_1_4_0", "road_2_4_0");
        int t = ROUND;
        for (; t <= 10 * ROUND; t += ROUND) {
            round("road_1_4_0", 1, t, 0, 0.06, 10);
            round("road_1_4_0", 2, t, 0, 0.06, 10);
            flowing("road_2_4_0", t);
        }
        assertThat(alarms).hasSize(1);
        round("road_1_4_0", 1, t, 5, 0.03, 0); // the straight lane moves again, the right-turn lane still stands
        assertThat(rule.stalledGreenSeconds(lane("road_1_4_0", 2))).isPositive();
        for (t += ROUND; t <= 14 * ROUND; t += ROUND) {
            standingWithRoomAhead(t);
        }
        assertThat(alarms).as("still the same blockage").hasSize(1);
        round("road_1_4_0", 2, t, 5, 0.03, 0);
        round("road_1_4_0", 1, t, 5, 0.03, 0);
        for (t += ROUND; t <= 20 * ROUND; t += ROUND) {
            standingWithRoomAhead(t);
        }
        assertThat(alarms).as("a new blockage once the road was clear").hasSize(2);
    }

    @Test
    void onlyTheGreenTheSignalReportedDuringTheRoundCounts() {
        int rounds = roundsToAlarm(t -> {
            // 10 s of green at the end of each round: 7 s counted
            rule.phaseShown("intersection_2_4", RED, (t - ROUND) * 1000L);
            rule.phaseShown("intersection_2_4", GREEN, (t - 10) * 1000L);
        });
        int counted = (int) Math.ceil(IncidentRule.BLOCKED_GREEN_SECONDS / (10 - IncidentRule.LOST_SECONDS));
        assertThat(rounds).isEqualTo(counted);
    }

    @Test
    void aSignalThatReportedNothingCountsTheGreenShareOfItsPlan() {
        int rounds = roundsToAlarm(t -> { });
        // the plan: 5 s of yellow and eight 30 s phases, two of them for the straight movement
        double perRound = ROUND * 60.0 / 245 - IncidentRule.LOST_SECONDS;
        assertThat(rounds).isEqualTo((int) Math.ceil(IncidentRule.BLOCKED_GREEN_SECONDS / perRound));
    }

    @Test
    void aResetForgetsTheLanesAndTheAlarms() {
        rule.phaseShown("intersection_2_4", GREEN, 0);
        start("road_1_4_0", "road_2_4_0");
        for (int t = ROUND; t <= 3 * ROUND; t += ROUND) {
            standingWithRoomAhead(t);
        }
        assertThat(alarms).hasSize(1);
        rule.reset();
        assertThat(rule.stalledGreenSeconds(lane("road_1_4_0", 1))).isZero();
        int again = 10 * ROUND; // the devices' clock goes on; the signal still shows its green
        for (String road : List.of("road_1_4_0", "road_2_4_0")) {
            flowing(road, again);
        }
        for (int t = again + ROUND; t <= again + 3 * ROUND; t += ROUND) {
            standingWithRoomAhead(t);
        }
        assertThat(alarms).as("the loop's new run alarms its own blockage").hasSize(2);
    }
}
