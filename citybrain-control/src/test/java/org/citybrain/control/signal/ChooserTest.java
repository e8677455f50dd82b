package org.citybrain.control.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.junit.jupiter.api.Test;

/**
 * Choosers on a crossing with one-lane approaches from the west (incoming lane 0, going east) and
 * the south (incoming lane 1, going north); phase 0 is the yellow, 1 lets the west go, 2 the south.
 */
class ChooserTest {
    private static final int[] CHOICES = {1, 2};

    private static IntersectionLayout layout() {
        return layout(1);
    }

    /** The crossing with {@code exitLanes} lanes on each exit road (the approaches keep one). */
    private static IntersectionLayout layout(int exitLanes) {
        Lane lane = new Lane(4, 11.111);
        List<Lane> exit = Collections.nCopies(exitLanes, lane);
        RoadNetwork.Builder b = RoadNetwork.builder("test");
        List<RoadLink> links = List.of(
                new RoadLink(Turn.STRAIGHT, "w_in", "e_out", List.of(new LaneLink(0, 0, List.of()))),
                new RoadLink(Turn.STRAIGHT, "s_in", "n_out", List.of(new LaneLink(0, 0, List.of()))));
        SignalPlan plan = new SignalPlan(List.of(new Phase(5, List.of()), new Phase(30, List.of(0)), new Phase(30, List.of(1))));
        b.add(new Intersection("c", new Point(0, 0), 10, false, links, Optional.of(plan)), "c");
        for (String[] e : new String[][] {{"w", "-300", "0"}, {"e", "300", "0"}, {"s", "0", "-300"}, {"n", "0", "300"}}) {
            b.add(new Intersection(e[0], new Point(Double.parseDouble(e[1]), Double.parseDouble(e[2])), 0, true, List.of(),
                    Optional.empty()), e[0]);
        }
        b.add(new Road("w_in", "w", "c", List.of(new Point(-300, 0), new Point(0, 0)), List.of(lane)), "w_in");
        b.add(new Road("s_in", "s", "c", List.of(new Point(0, -300), new Point(0, 0)), List.of(lane)), "s_in");
        b.add(new Road("e_out", "c", "e", List.of(new Point(0, 0), new Point(300, 0)), exit), "e_out");
        b.add(new Road("n_out", "c", "n", List.of(new Point(0, 0), new Point(0, 300)), exit), "n_out");
        RoadNetwork net = b.build();
        return IntersectionLayout.of(new SignalSite(net, net.intersection("c").orElseThrow()));
    }

    @Test
    void layoutListsTheLanesEachPhaseLetsGo() {
        IntersectionLayout l = layout();
        assertThat(l.enteringLanesOf(1)).containsExactly(0);
        assertThat(l.enteringLanesOf(2)).containsExactly(1);
        assertThat(l.enteringLanesOf(0)).isEmpty();
    }

    @Test
    void maxPressureServesTheLargerQueueLessWhatWaitsDownstream() {
        IntersectionLayout l = layout();
        FakeObservation obs = new FakeObservation(2, 2).queue(0, 6).queue(1, 4);
        assertThat(new MaxPressure(l).choose(obs, -1, CHOICES)).isEqualTo(1);
        obs.outQueue[0] = 5; // e_out (outgoing lane 0) is backed up: west's pressure 6 - 5 = 1 < 4
        assertThat(new MaxPressure(l).choose(obs, -1, CHOICES)).isEqualTo(2);
    }

    @Test
    void maxPressureBreaksTiesToTheLowestPhase() {
        FakeObservation obs = new FakeObservation(2, 2).queue(0, 3).queue(1, 3);
        assertThat(new MaxPressure(layout()).choose(obs, 2, CHOICES)).isEqualTo(1);
    }

    @Test
    void advancedMaxPressureKeepsAGreenThatStillMovesMoreVehiclesThanThePressureElsewhere() {
        IntersectionLayout l = layout();
        FakeObservation obs = new FakeObservation(2, 2).queue(1, 3);
        obs.distances[0] = new double[] {20, 40, 60, 80};
        obs.speeds[0] = new double[] {10, 10, 10, 10};
        assertThat(new AdvancedMaxPressure(l).choose(obs, 1, CHOICES)).as("4 moving >= pressure 3").isEqualTo(1);
        obs.queue(1, 6);
        assertThat(new AdvancedMaxPressure(l).choose(obs, 1, CHOICES)).as("4 moving < pressure 6").isEqualTo(2);
    }

    @Test
    void advancedMaxPressureSubtractsTheMeanQueuePerExitLaneNotTheWholeExitRoad() {
        // three lanes on each exit road, one vehicle queued on each lane of e_out: max pressure
        // takes west as 6 - 3 = 3 < 4 and serves the south; Advanced-MP's efficient pressure takes
        // it as 6 - 3/3 = 5 > 4 and serves the west
        IntersectionLayout l = layout(3);
        FakeObservation obs = new FakeObservation(2, 6).queue(0, 6).queue(1, 4);
        int[] eOut = l.movements().get(0).exit();
        assertThat(eOut).hasSize(3);
        for (int o : eOut) {
            obs.outQueue[o] = 1;
        }
        assertThat(new MaxPressure(l).choose(obs, -1, CHOICES)).isEqualTo(2);
        assertThat(new AdvancedMaxPressure(l).choose(obs, -1, CHOICES)).isEqualTo(1);
        assertThat(AdvancedMaxPressure.efficientPressure(l, obs, 1)).isEqualTo(5.0);
    }

    @Test
    void brainKeepsAGreenThatStillServesAndSwitchesToAQueueWhenTheGreenRunsDry() {
        IntersectionLayout l = layout();
        FakeObservation flowing = new FakeObservation(2, 2).queue(1, 1);
        flowing.distances[0] = new double[] {10, 30, 50, 70, 90};
        flowing.speeds[0] = new double[] {11, 11, 11, 11, 11};
        assertThat(new BrainChooser(l).choose(flowing, 1, CHOICES)).as("a platoon arriving on green").isEqualTo(1);
        FakeObservation dry = new FakeObservation(2, 2).queue(1, 5);
        assertThat(new BrainChooser(l).choose(dry, 1, CHOICES)).as("nothing left on green").isEqualTo(2);
    }

    @Test
    void brainKeepsAGreenWhoseQueueHasJustStartedToRoll() {
        // the west queue moves at a crawl, so none of it counts as queued; it still leaves at the
        // saturation headway, which beats a switch to the four waiting in the south
        FakeObservation obs = new FakeObservation(2, 2).queue(1, 4);
        obs.distances[0] = new double[] {5, 12.5, 20, 27.5, 35, 42.5, 50, 57.5};
        obs.speeds[0] = new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        assertThat(new BrainChooser(layout()).choose(obs, 1, CHOICES)).isEqualTo(1);
    }

    @Test
    void brainDoesNotSendVehiclesIntoAFullExitRoad() {
        IntersectionLayout l = layout();
        FakeObservation obs = new FakeObservation(2, 2).queue(0, 8).queue(1, 3);
        obs.outVehicles[0] = 40; // e_out holds 300 m / 7.5 m = 40 vehicles: full
        assertThat(new BrainChooser(l).choose(obs, -1, CHOICES)).isEqualTo(2);
    }
}
