package org.citybrain.control.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Optional;

import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controllers on Hangzhou 4x4 under the benchmark protocol (3,600 s, seed 0, lane changing on):
 * the safety rules at every decision, and max pressure and Advanced-MP within 5% of CityFlow 1.0's
 * figures for the same protocol.
 */
class ControllersOnHangzhouIT {
    private static final Path DIR = Path.of("../scenarios/hangzhou_4x4");

    private static Scenario load(String flow) {
        return ScenarioFormat.load(DIR.resolve("roadnet_4_4.json"), DIR.resolve(flow), Optional.empty());
    }

    private static RunMetrics run(Scenario s, SignalController c) {
        try (Simulation sim = Simulation.create(s, SimulationConfig.defaults().withLaneChange(true), c)) {
            sim.run(3600, ProgressListener.NONE);
            return sim.metrics();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed", "webster", "sotl", "maxpressure", "advanced-mp", "brain"})
    void keepsTheSafetyRulesAtEveryDecision(String name) {
        SafetyRecorder rec = new SafetyRecorder(SignalControllers.create(name).orElseThrow());
        RunMetrics m = run(load("anon_4_4_hangzhou_real_5816.json"), rec);
        System.out.printf("%s: %d decisions, %d switches, average travel time %.1f s%n", name, rec.decisions,
                rec.switches, m.averageTravelTime());
        assertThat(rec.switches).as("the controller acts").isGreaterThan(16 * 10);
        assertThat(rec.violations).as("safety violations").isEmpty();
    }

    /**
     * The SUMO port of Hangzhou, whose plans were not made for the protocol (phase 0 a green, short
     * clearance phases between the greens): the controllers choose among its greens and show a
     * clearance phase as the yellow, keep the safety rules, and beat the network's own plan.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fixed", "webster", "sotl", "maxpressure", "advanced-mp", "brain"})
    void onPlansMadeForAnotherProtocolTheAdaptiveControllersUseTheGreensAndKeepTheRules(String name) {
        Path sumo = Path.of("../scenarios/hangzhou_4x4_sumo");
        Scenario s = ScenarioFormat.load(sumo.resolve("hangzhou_4x4_gudang_18041610_1h.net.xml"),
                sumo.resolve("hangzhou_4x4_gudang_18041610_1h.rou.xml"), Optional.empty());
        SafetyRecorder rec = new SafetyRecorder(SignalControllers.create(name).orElseThrow());
        double adaptive = run(s, rec).averageTravelTime();
        double plan = run(s, SignalControllers.create("plan").orElseThrow()).averageTravelTime();
        System.out.printf("SUMO port, %s: %.1f s, its plan %.1f s, %d switches%n", name, adaptive, plan, rec.switches);
        assertThat(rec.switches).as("the controller acts").isGreaterThan(16 * 10);
        assertThat(rec.violations).as("safety violations").isEmpty();
        assertThat(adaptive).isLessThan(plan);
    }

    /**
     * The target is 5% below Advanced-MP (CityFlow's 328.6 s and 419.4 s); brain does not
     * reach it on both flows yet (see docs/traffic-control.md), so this guards what it does reach:
     * better than our Advanced-MP and max pressure on both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"anon_4_4_hangzhou_real.json", "anon_4_4_hangzhou_real_5816.json"})
    void brainBeatsAdvancedMaxPressureAndMaxPressure(String flow) {
        Scenario s = load(flow);
        double brain = run(s, SignalControllers.create("brain").orElseThrow()).averageTravelTime();
        double amp = run(s, SignalControllers.create("advanced-mp").orElseThrow()).averageTravelTime();
        double mp = run(s, SignalControllers.create("maxpressure").orElseThrow()).averageTravelTime();
        System.out.printf("%s: brain %.1f s, advanced-mp %.1f s (%.1f%% better), maxpressure %.1f s%n", flow, brain, amp,
                100 * (1 - brain / amp), mp);
        assertThat(brain).isLessThan(amp).isLessThan(mp);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "maxpressure, anon_4_4_hangzhou_real.json, 334.2",
        "advanced-mp, anon_4_4_hangzhou_real.json, 328.6",
        "maxpressure, anon_4_4_hangzhou_real_5816.json, 441.7",
        "advanced-mp, anon_4_4_hangzhou_real_5816.json, 419.4"})
    void matchesCityFlowWithinFivePercent(String name, String flow, double cityFlow) {
        RunMetrics m = run(load(flow), SignalControllers.create(name).orElseThrow());
        System.out.printf("%s on %s: %.1f s (CityFlow %.1f s)%n", name, flow, m.averageTravelTime(), cityFlow);
        assertThat(m.averageTravelTime()).isCloseTo(cityFlow, within(0.05 * cityFlow));
    }
}
