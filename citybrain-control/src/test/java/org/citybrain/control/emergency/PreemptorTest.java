package org.citybrain.control.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.control.emergency.Crossing.SOUTH;
import static org.citybrain.control.emergency.Crossing.WEST_EAST;
import static org.citybrain.control.emergency.Crossing.YELLOW;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;

import org.citybrain.control.signal.FakeObservation;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.junit.jupiter.api.Test;

/**
 * One intersection's pre-emption driven by hand, as the engine drives it (asked again when each
 * hold has run out), with the emergency vehicle's broadcast scripted second by second.
 */
class PreemptorTest {
    private static final SignalSite CENTRE = Crossing.centre();
    private static final int W_IN = CENTRE.incomingIndex("w_in", 0);

    /** Stopped 100 m before the stop line from t = 2, inside the intersection from t = 20. */
    private static List<EmergencyPosition> stoppedThenCrossing(double t) {
        if (t < 2) {
            return List.of();
        }
        return List.of(new EmergencyPosition(7, Crossing.EMERGENCY_ROUTE, 0, 0, t >= 20, t >= 20 ? 0 : 100, 0));
    }

    @Test
    void aGreenIsKeptToItsMinimumThenTheYellowThenTheVehiclesGreenThenTheBaseAgainThroughTheYellow() {
        int[] shown = drive(constant(SOUTH), PreemptorTest::stoppedThenCrossing, new FakeObservation(3, 0), 40);
        assertThat(shown).containsExactly(timeline(
                SOUTH, 5, // shown from t = 0: not cut below 5 s although the call comes at t = 2
                YELLOW, 5,
                WEST_EAST, 10, // until the vehicle has entered the intersection at t = 20
                YELLOW, 5,
                SOUTH, 15)); // the base's phase again
    }

    @Test
    void aGreenThatLetsTheVehicleGoIsKeptWithoutASwitch() {
        int[] shown = drive(constant(WEST_EAST), PreemptorTest::stoppedThenCrossing, new FakeObservation(3, 0), 40);
        assertThat(shown).containsOnly(WEST_EAST);
    }

    @Test
    void aMovingVehicleCallsItsGreenTwentyFiveSecondsAhead() {
        // at 11.1 m/s the pre-emption distance is 25 s × 11.1 m/s = 278 m: 400 m does not call, 270 m does
        DoubleFunction<List<EmergencyPosition>> approach = t -> List.of(
                new EmergencyPosition(7, Crossing.EMERGENCY_ROUTE, 0, 0, false, t < 10 ? 400 : 270, 11.1));
        int[] shown = drive(constant(SOUTH), approach, new FakeObservation(3, 0), 20);
        assertThat(shown).containsExactly(timeline(SOUTH, 10, YELLOW, 5, WEST_EAST, 5));
    }

    @Test
    void aStoppedVehicleFarBackCallsItsGreenOnlyWhenTheQueueReachesIt() {
        DoubleFunction<List<EmergencyPosition>> stuck = t -> t < 3 ? List.of()
                : List.of(new EmergencyPosition(7, Crossing.EMERGENCY_ROUTE, 0, 0, false, 300, 0));
        FakeObservation shortQueue = new FakeObservation(3, 0);
        shortQueue.queue[W_IN] = 10;
        assertThat(drive(constant(SOUTH), stuck, shortQueue, 30)).containsOnly(SOUTH);

        FakeObservation longQueue = new FakeObservation(3, 0);
        longQueue.queue[W_IN] = 40; // 41 vehicles × 8 m reach 328 m back
        assertThat(drive(constant(SOUTH), stuck, longQueue, 30)).containsExactly(timeline(SOUTH, 5, YELLOW, 5, WEST_EAST, 20));
    }

    @Test
    void aVehicleOnTheWayOutIsNotServed() {
        DoubleFunction<List<EmergencyPosition>> leaving = t -> List.of(
                new EmergencyPosition(7, Crossing.EMERGENCY_ROUTE, 1, 0, false, 50, 0));
        assertThat(drive(constant(SOUTH), leaving, new FakeObservation(3, 0), 30)).containsOnly(SOUTH);
    }

    @Test
    void withoutEmergencyVehiclesTheBaseIsAskedAndShownAtItsOwnTimes() {
        List<Double> alone = new ArrayList<>();
        int[] baseAlone = drive(asked(Crossing.cycle(), alone).forIntersection(CENTRE), new FakeObservation(3, 0), 400);
        List<Double> decorated = new ArrayList<>();
        EmergencyPriority priority = new EmergencyPriority(asked(Crossing.cycle(), decorated), List::of, EmergencyConfig.DEFAULTS);
        int[] withPriority = drive(priority.forIntersection(CENTRE), new FakeObservation(3, 0), 400);
        assertThat(withPriority).containsExactly(baseAlone);
        assertThat(decorated).isEqualTo(alone);
    }

    // ---------------------------------------------------------------- driving by hand

    /** The phase shown each second of {@code [0, until)} under priority over {@code base}. */
    private static int[] drive(SignalController base, DoubleFunction<List<EmergencyPosition>> positions,
                               FakeObservation obs, int until) {
        List<EmergencyPosition>[] now = new List[] {List.of()};
        EmergencyPriority priority = new EmergencyPriority(base, () -> now[0], EmergencyConfig.DEFAULTS);
        IntersectionController c = priority.forIntersection(CENTRE);
        int[] shown = new int[until];
        double t = 0;
        while (t < until) {
            obs.time = t;
            now[0] = positions.apply(t);
            PhaseCommand cmd = c.decide(obs);
            for (int s = (int) Math.ceil(t); s < Math.min(until, t + cmd.seconds()); s++) {
                shown[s] = cmd.phase();
            }
            t += cmd.seconds();
        }
        return shown;
    }

    private static int[] drive(IntersectionController c, FakeObservation obs, int until) {
        int[] shown = new int[until];
        double t = 0;
        while (t < until) {
            obs.time = t;
            PhaseCommand cmd = c.decide(obs);
            for (int s = (int) Math.ceil(t); s < Math.min(until, t + cmd.seconds()); s++) {
                shown[s] = cmd.phase();
            }
            t += cmd.seconds();
        }
        return shown;
    }

    /** {@code phase, seconds, phase, seconds, ...} as one phase per second. */
    private static int[] timeline(int... phaseSeconds) {
        int total = 0;
        for (int k = 1; k < phaseSeconds.length; k += 2) {
            total += phaseSeconds[k];
        }
        int[] out = new int[total];
        int at = 0;
        for (int k = 0; k < phaseSeconds.length; k += 2) {
            Arrays.fill(out, at, at + phaseSeconds[k + 1], phaseSeconds[k]);
            at += phaseSeconds[k + 1];
        }
        return out;
    }

    /** A base that always wants {@code phase}, deciding every 30 s. */
    private static SignalController constant(int phase) {
        return new SignalController() {
            @Override
            public String name() {
                return "constant";
            }

            @Override
            public IntersectionController forIntersection(SignalSite site) {
                PhaseCommand cmd = new PhaseCommand(phase, 30);
                return obs -> cmd;
            }
        };
    }

    /** Records when {@code inner} is asked. */
    private static SignalController asked(SignalController inner, List<Double> times) {
        return new SignalController() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public IntersectionController forIntersection(SignalSite site) {
                IntersectionController c = inner.forIntersection(site);
                return obs -> {
                    times.add(obs.time());
                    return c.decide(obs);
                };
            }
        };
    }
}
