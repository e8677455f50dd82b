package org.citybrain.control.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.control.emergency.Crossing.WEST_EAST;
import static org.citybrain.control.emergency.Crossing.YELLOW;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.VehicleStatus;
import org.citybrain.sim.signal.SignalController;
import org.junit.jupiter.api.Test;

/**
 * Priority in the simulation, on the hand-made crossing: an emergency vehicle leaves the west
 * boundary at t = 10 while the cycle gives the south 60 s of green; cross traffic from the south.
 */
class EmergencyPriorityTest {
    private static final int STEPS = 200;
    private static final double DEPART = 10;

    /** One run: the centre's phase each second and the emergency vehicle's status after each step. */
    private record Run(int[] shown, int[] baseWanted, List<VehicleStatus> ev) {
        /** The first second the vehicle is inside the intersection. */
        int entered() {
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i).crossing()) {
                    return (int) DEPART + i + 1; // status i is after step DEPART + i
                }
            }
            throw new AssertionError("the emergency vehicle never entered the intersection");
        }

        double travelTime() {
            return ev.get(ev.size() - 1).travelTime();
        }
    }

    private static Run run(boolean priority) {
        Crossing.Timeline base = new Crossing.Timeline(Crossing.cycle());
        EmergencyFleet fleet = new EmergencyFleet();
        Crossing.Timeline shown = new Crossing.Timeline(
                priority ? new EmergencyPriority(base, fleet, EmergencyConfig.DEFAULTS) : base);
        List<VehicleStatus> ev = new ArrayList<>();
        try (Simulation sim = Simulation.create(Crossing.withCrossTraffic(), SimulationConfig.defaults(), shown)) {
            long id = -1;
            for (int s = 0; s < STEPS; s++) {
                if (sim.time() == DEPART) {
                    id = sim.addVehicle(EmergencyTrip.EMERGENCY_VEHICLE, Crossing.EMERGENCY_ROUTE);
                    fleet.dispatch(id, Crossing.EMERGENCY_ROUTE);
                }
                sim.step();
                fleet.update(sim);
                if (id >= 0) {
                    ev.add(sim.vehicle(id).orElseThrow());
                }
            }
        }
        return new Run(shown.perSecond(STEPS), base.perSecond(STEPS), ev);
    }

    @Test
    void theVehiclesMovementTurnsGreenBeforeItArrivesAndItNeverStops() {
        Run with = run(true);
        int entered = with.entered();
        // green for at least the last 10 s of its approach: it finds the way open
        for (int t = entered - 10; t < entered; t++) {
            assertThat(with.shown()[t]).as("phase at t = %d, entered at %d", t, entered).isEqualTo(WEST_EAST);
        }
        double slowest = with.ev().stream().filter(s -> s.state() == VehicleStatus.State.RUNNING && !s.crossing()
                && s.toStopLine() < 250).mapToDouble(VehicleStatus::speed).min().orElseThrow();
        assertThat(slowest).as("slowest speed on the approach, m/s").isGreaterThan(5);
    }

    @Test
    void withoutPriorityTheVehicleWaitsAtTheRedAndWithItItDoesNot() {
        Run without = run(false);
        Run with = run(true);
        System.out.printf("crossing: emergency vehicle %.0f s without priority, %.0f s with%n", without.travelTime(),
                with.travelTime());
        assertThat(without.entered()).as("without: enters when the cycle turns west-east").isGreaterThanOrEqualTo(65);
        assertThat(with.travelTime()).isLessThan(without.travelTime() - 20);
    }

    @Test
    void theYellowStandsBetweenDifferentGreensAndNoGreenLastsUnderFiveSeconds() {
        int[] shown = run(true).shown();
        int runStart = 0;
        for (int t = 1; t < shown.length; t++) {
            if (shown[t] == shown[t - 1]) {
                continue;
            }
            int length = t - runStart;
            assertThat(shown[t - 1] == YELLOW || shown[t] == YELLOW)
                    .as("switch %d -> %d at t = %d without the yellow", shown[t - 1], shown[t], t).isTrue();
            assertThat(length).as("phase %d shown from t = %d", shown[t - 1], runStart).isGreaterThanOrEqualTo(5);
            runStart = t;
        }
    }

    @Test
    void theBaseControlsAgainOnceTheVehicleHasEntered() {
        Run with = run(true);
        int handback = with.entered() + 5 + 5; // the vehicle's green to its minimum, then a yellow at most
        for (int t = handback; t < STEPS; t++) {
            assertThat(with.shown()[t]).as("phase at t = %d", t).isEqualTo(with.baseWanted()[t]);
        }
        assertThat(with.shown()).as("the base's cycle runs on").contains(Crossing.SOUTH);
    }

    @Test
    void withoutEmergencyVehiclesThePhasesAreTheBasesOwn() {
        SignalController decorated = new EmergencyPriority(Crossing.cycle(), List::of, EmergencyConfig.DEFAULTS);
        assertThat(phases(decorated)).containsExactly(phases(Crossing.cycle()));
    }

    private static int[] phases(SignalController c) {
        Crossing.Timeline t = new Crossing.Timeline(c);
        try (Simulation sim = Simulation.create(Crossing.withCrossTraffic(), SimulationConfig.defaults(), t)) {
            sim.run(STEPS, (done, total) -> { });
        }
        return t.perSecond(STEPS);
    }
}
