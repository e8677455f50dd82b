package org.citybrain.control.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.citybrain.control.signal.SignalControllers;
import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Priority on Hangzhou 4x4 (real flow, 3,600 s, seed 0, lane changing on): an emergency vehicle
 * sets off at 1,800 s along row 1 west to east (4 km, 4 signals).
 */
class EmergencyOnHangzhouIT {
    private static final Path DIR = Path.of("../scenarios/hangzhou_4x4");
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withLaneChange(true);

    private static Scenario load(String flow) {
        return ScenarioFormat.load(DIR.resolve("roadnet_4_4.json"), DIR.resolve(flow), Optional.empty());
    }

    @Test
    void theDefaultRouteIsRowOneWestToEast() {
        assertThat(EmergencyRun.longestStraightRoute(load("anon_4_4_hangzhou_real.json").network())).contains(
                List.of("road_0_1_0", "road_1_1_0", "road_2_1_0", "road_3_1_0", "road_4_1_0"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "maxpressure, anon_4_4_hangzhou_real.json",
        "plan, anon_4_4_hangzhou_real.json",
        "maxpressure, anon_4_4_hangzhou_real_5816.json",
        "plan, anon_4_4_hangzhou_real_5816.json"})
    void theEmergencyVehicleIsFasterWithPriority(String base, String flow) {
        Scenario s = load(flow);
        EmergencyTrip trip = new EmergencyTrip(EmergencyRun.longestStraightRoute(s.network()).orElseThrow(), 1800);
        EmergencyRun.Comparison c = EmergencyRun.compare(s, CONFIG, () -> SignalControllers.create(base).orElseThrow(),
                trip, 3600, EmergencyConfig.DEFAULTS);
        System.out.printf("%s on %s: emergency vehicle %.0f s -> %.0f s (x%.2f); others %.1f s -> %.1f s (%+.1f s)%n",
                base, flow, c.without().travelTime(), c.with().travelTime(), c.ratio(),
                c.without().othersAverageTravelTime(), c.with().othersAverageTravelTime(), c.extraDelay());
        assertThat(c.without().finished()).isTrue();
        assertThat(c.with().finished()).isTrue();
        assertThat(c.with().travelTime()).isLessThan(c.without().travelTime());
    }

    @Test
    void withoutEmergencyVehiclesMaxPressureRunsExactlyAsItself() {
        Scenario s = load("anon_4_4_hangzhou_real.json");
        RunMetrics alone = run(s, SignalControllers.create("maxpressure").orElseThrow());
        RunMetrics decorated = run(s, new EmergencyPriority(SignalControllers.create("maxpressure").orElseThrow(),
                List::of, EmergencyConfig.DEFAULTS));
        assertThat(decorated).isEqualTo(alone);
    }

    private static RunMetrics run(Scenario s, org.citybrain.sim.signal.SignalController c) {
        try (Simulation sim = Simulation.create(s, CONFIG, c)) {
            sim.run(3600, ProgressListener.NONE);
            return sim.metrics();
        }
    }
}
