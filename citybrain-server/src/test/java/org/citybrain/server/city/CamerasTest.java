package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The city's cameras on Hangzhou: a frame per intersection every interval, what a camera over 200 m sees. */
class CamerasTest {
    static final Path SCENARIO = Path.of("..", "scenarios", "hangzhou_4x4");
    static Scenario scenario;
    static List<String> signalised;

    @BeforeAll
    static void load() {
        scenario = ScenarioFormat.load(SCENARIO.resolve("roadnet_4_4.json"), SCENARIO.resolve("anon_4_4_hangzhou_real.json"),
                Optional.empty());
        signalised = scenario.network().intersections().stream().filter(i -> !i.virtual()).map(Intersection::id).toList();
    }

    record Taken(double time, Cameras.Frame frame, int[] onLane, int[] movingWithinRange) {
    }

    private List<Taken> run(Cameras cameras, int steps) {
        List<Taken> taken = new ArrayList<>();
        FieldSignals signals = new FieldSignals(1, new FieldSignals.Listener() {
            @Override
            public void phaseShown(String intersection, int phase, double time) {
            }

            @Override
            public void observed(String intersection, IntersectionObservation obs) {
                cameras.observed(intersection, obs);
                for (Cameras.Frame f : cameras.drain()) {
                    int n = obs.incomingLanes();
                    int[] on = new int[n];
                    int[] moving = new int[n];
                    for (int i = 0; i < n; i++) {
                        on[i] = obs.vehicles(i);
                        moving[i] = obs.movingWithin(i, Cameras.RANGE);
                    }
                    taken.add(new Taken(obs.time(), f, on, moving));
                }
            }
        });
        try (Simulation sim = Simulation.create(scenario, SimulationConfig.defaults(), signals)) {
            for (int s = 0; s < steps; s++) {
                sim.step();
            }
        }
        return taken;
    }

    @Test
    void everyIntersectionGetsAFrameEachIntervalOfTheVehiclesWithinRangeNearestFirst() {
        Cameras cameras = new Cameras(signalised, 15);
        List<Taken> taken = run(cameras, 600);
        // frames at 0, 15, 30, ... for each of the 16 signals (the last at 585 or 600 s)
        assertThat(taken.size()).isIn(16 * 40, 16 * 41);
        assertThat(taken.stream().filter(t -> t.frame().intersection().equals("intersection_1_1")).map(Taken::time))
                .startsWith(0.0, 15.0, 30.0, 45.0);
        int stopped = 0;
        int moving = 0;
        for (Taken t : taken) {
            assertThat(t.frame().lanes()).hasSize(12);
            for (int i = 0; i < 12; i++) {
                List<double[]> lane = t.frame().lanes().get(i);
                assertThat(lane.size()).as("seen on a lane, at most all its vehicles").isLessThanOrEqualTo(t.onLane()[i]);
                double last = -1;
                int fast = 0;
                for (double[] v : lane) {
                    assertThat(v[0]).as("distance to the stop line, nearest first").isBetween(Math.max(0, last), Cameras.RANGE);
                    assertThat(v[1]).as("km/h").isBetween(0.0, 11.111 * 3.6 + 0.1);
                    last = v[0];
                    fast += v[1] > 0.36 + 0.05 ? 1 : 0;
                    stopped += v[1] == 0 ? 1 : 0;
                }
                moving += fast;
                assertThat(fast).as("moving vehicles seen, as the engine counts them").isBetween(t.movingWithinRange()[i] - 1,
                        t.movingWithinRange()[i]);
            }
        }
        assertThat(stopped).as("queued vehicles seen").isPositive();
        assertThat(moving).as("moving vehicles seen").isPositive();
    }

    @Test
    void aNewRunOfTheCityStartsTheFramesAgainAtItsStart() {
        Cameras cameras = new Cameras(signalised, 20);
        run(cameras, 100);
        List<Taken> again = run(cameras, 30);
        assertThat(again.stream().filter(t -> t.frame().intersection().equals("intersection_2_2")).map(Taken::time))
                .containsExactly(0.0, 20.0);
    }
}
