package org.citybrain.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.citybrain.sim.signal.PlanController;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.cityflow.CityFlowReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Whole runs of the Hangzhou 4x4 scenario with the roadnet's own plan, against CityFlow 1.0's
 * figures measured on the same files (3,600 s, seed 0): average travel time and finished vehicles
 * within 5%.
 */
class HangzhouScenarioIT {
    private static final Path DIR = Path.of("../scenarios/hangzhou_4x4");

    static Scenario load(String flow) {
        return new CityFlowReader().read(DIR.resolve("roadnet_4_4.json"), DIR.resolve(flow));
    }

    @ParameterizedTest(name = "{0}, lane change {1}")
    @CsvSource({
        "anon_4_4_hangzhou_real.json, false, 525.3, 2508",
        "anon_4_4_hangzhou_real.json, true, 525.3, 2508",
        "anon_4_4_hangzhou_real_5816.json, false, 537.7, 3959",
        "anon_4_4_hangzhou_real_5816.json, true, 537.7, 3959"})
    void matchesCityFlowWithinFivePercent(String flow, boolean laneChange, double cityFlowTravelTime, long cityFlowFinished) {
        SimulationConfig config = SimulationConfig.defaults().withLaneChange(laneChange);
        try (Simulation sim = Simulation.create(load(flow), config, new PlanController())) {
            sim.run(3600, ProgressListener.NONE);
            RunMetrics m = sim.metrics();
            System.out.printf("%s lane change %s: average travel time %.1f s (CityFlow %.1f), finished %d (CityFlow %d)%n",
                    flow, laneChange, m.averageTravelTime(), cityFlowTravelTime, m.vehiclesFinished(), cityFlowFinished);
            assertThat(m.averageTravelTime()).isCloseTo(cityFlowTravelTime, within(0.05 * cityFlowTravelTime));
            assertThat((double) m.vehiclesFinished()).isCloseTo(cityFlowFinished, within(0.05 * cityFlowFinished));
        }
    }

    @ParameterizedTest(name = "lane change {0}")
    @CsvSource({"false", "true"})
    void everyStepOfAWholeRunKeepsTheRules(boolean laneChange) {
        SimulationConfig config = SimulationConfig.defaults().withLaneChange(laneChange);
        try (Simulation sim = Simulation.create(load("anon_4_4_hangzhou_real_5816.json"), config, new PlanController())) {
            Invariants inv = new Invariants(sim.engine());
            for (int i = 0; i < 3600; i++) {
                sim.step();
                inv.check();
            }
            assertThat(inv.linkEntries).isGreaterThan(10_000);
            assertThat(sim.engine().laneChanges() > 0).isEqualTo(laneChange);
            System.out.printf("link entries %d, of which on red (could not stop) %d; lane changes %d%n",
                    inv.linkEntries, inv.redEntries, sim.engine().laneChanges());
        }
    }

    @Test
    void sameSeedGivesTheSameRunAndThreadsDoNotChangeIt() {
        RunMetrics one = run(SimulationConfig.defaults().withLaneChange(true).withSeed(7));
        RunMetrics again = run(SimulationConfig.defaults().withLaneChange(true).withSeed(7));
        RunMetrics twoThreads = run(SimulationConfig.defaults().withLaneChange(true).withSeed(7).withThreads(2));
        assertThat(again).isEqualTo(one);
        assertThat(twoThreads).isEqualTo(one);
    }

    private static RunMetrics run(SimulationConfig config) {
        try (Simulation sim = Simulation.create(load("anon_4_4_hangzhou_real.json"), config, new PlanController())) {
            sim.run(1800, ProgressListener.NONE);
            return sim.metrics();
        }
    }
}
