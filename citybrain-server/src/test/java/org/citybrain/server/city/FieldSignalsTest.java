package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The city's signals: their own plan alone, and the platform's commands only at safe moments. */
class FieldSignalsTest {
    static final Path SCENARIO = Path.of("..", "scenarios", "hangzhou_4x4");
    static final String AT = "intersection_1_1";
    static Scenario scenario;

    record Shown(String intersection, int phase, double time) {
    }

    final List<Shown> shown = new ArrayList<>();
    final List<Long> taken = new ArrayList<>();
    final FieldSignals signals = new FieldSignals(1, new FieldSignals.Listener() {
        @Override
        public void phaseShown(String intersection, int phase, double time) {
            if (intersection.equals(AT)) {
                shown.add(new Shown(intersection, phase, time));
            }
        }

        @Override
        public void commandTaken(String intersection, int phase, long trace) {
            taken.add(trace);
        }
    });

    @BeforeAll
    static void load() {
        scenario = ScenarioFormat.load(SCENARIO.resolve("roadnet_4_4.json"), SCENARIO.resolve("anon_4_4_hangzhou_real.json"),
                Optional.empty());
    }

    private Simulation run(int steps) {
        Simulation sim = Simulation.create(scenario, SimulationConfig.defaults(), signals);
        for (int i = 0; i < steps; i++) {
            sim.step();
        }
        return sim;
    }

    private void steps(Simulation sim, int steps) {
        for (int i = 0; i < steps; i++) {
            sim.step();
        }
    }

    @Test
    void aloneASignalRunsItsOwnPlan() {
        // Hangzhou's plan: phase 0 (yellow) 5 s, then phases 1..8 for 30 s each
        try (Simulation sim = run(100)) {
            assertThat(shown).containsExactly(new Shown(AT, 0, 0), new Shown(AT, 1, 5), new Shown(AT, 2, 35),
                    new Shown(AT, 3, 65), new Shown(AT, 4, 95));
            assertThat(signals.commanded(AT)).isFalse();
        }
    }

    @Test
    void aCommandWaitsForTheMinimumGreenThenShowsTheYellow() {
        try (Simulation sim = run(8)) { // phase 1 since t = 5
            signals.command(AT, 3, 42);
            steps(sim, 30);
            assertThat(taken).containsExactly(42L);
            assertThat(signals.commanded(AT)).isTrue();
            // green 1 from 5 keeps its 10 s minimum: the yellow at 15, phase 3 after 5 s of it
            assertThat(shown).containsExactly(new Shown(AT, 0, 0), new Shown(AT, 1, 5), new Shown(AT, 0, 15),
                    new Shown(AT, 3, 20));
            // held: no plan change while commanded
            steps(sim, 100);
            assertThat(shown).hasSize(4);
            assertThat(signals.phase(AT)).isEqualTo(3);
        }
    }

    @Test
    void aCommandForTheGreenShownChangesNothing() {
        try (Simulation sim = run(20)) {
            signals.command(AT, 1, 0);
            steps(sim, 60);
            assertThat(shown).containsExactly(new Shown(AT, 0, 0), new Shown(AT, 1, 5));
        }
    }

    @Test
    void releasedASignalGoesBackToItsPlan() {
        try (Simulation sim = run(20)) {
            signals.command(AT, 2, 0);
            steps(sim, 20); // taken at the next step (21): phase 1 had its minimum, so the yellow, then 2 at 26
            signals.release(AT);
            steps(sim, 40); // phase 2 keeps its plan time (30 s), then the plan goes on with 3
            assertThat(shown).containsExactly(new Shown(AT, 0, 0), new Shown(AT, 1, 5), new Shown(AT, 0, 21),
                    new Shown(AT, 2, 26), new Shown(AT, 3, 56));
            assertThat(signals.commanded(AT)).isFalse();
        }
    }

    @Test
    void onlyTheChoosablePhasesOfAKnownSignalCanBeCommanded() {
        try (Simulation sim = run(1)) {
            assertThat(signals.choices(AT)).containsExactly(1, 2, 3, 4);
            assertThatThrownBy(() -> signals.command(AT, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("intersection_1_1 can be commanded phases [1, 2, 3, 4], not 0");
            assertThatThrownBy(() -> signals.command("nowhere", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no signalised intersection 'nowhere'");
        }
    }
}
