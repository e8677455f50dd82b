package org.citybrain.control.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RoadReading;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.PlanController;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Point;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The congestion index on the Hangzhou 4x4 scenario with the roadnet's own signal plan: 1,800 s,
 * detectors read every 300 s, free flow the speed limit (as the engine's own travel-time index
 * takes it), the city split into a west and an east district by polygons.
 */
class HangzhouCongestionIT {
    private static final Path DIR = Path.of("../scenarios/hangzhou_4x4");
    private static final int INTERVAL = 300;
    private static final int STEPS = 1800;

    private static final List<CongestionSnapshot> snapshots = new ArrayList<>();
    private static final List<double[]> pairs = new ArrayList<>(); // {departures, ours, engine's} per road and interval
    private static PeriodIndex period;
    private static RoadNetwork network;
    private static LearnedFreeFlowSpeeds learned;
    private static CongestionSnapshot learnedSnapshot;

    @BeforeAll
    static void run() {
        Scenario scenario = ScenarioFormat.load(DIR.resolve("roadnet_4_4.json"),
                DIR.resolve("anon_4_4_hangzhou_real.json"), Optional.empty());
        network = scenario.network();
        CongestionIndex index = new CongestionIndex(FreeFlowSpeeds.speedLimits(network), halves(network),
                CongestionConfig.defaults());
        learned = new LearnedFreeFlowSpeeds(QuietPeriods.lowestVolume(), 0.85, 10);
        CongestionIndex byLearned = new CongestionIndex(learned.orElse(FreeFlowSpeeds.speedLimits(network)));
        try (Simulation sim = Simulation.create(scenario, SimulationConfig.defaults(), new PlanController())) {
            for (int t = 0; t < STEPS; t += INTERVAL) {
                sim.run(INTERVAL, ProgressListener.NONE);
                List<RoadReading> readings = RoadReading.of(sim.readDetectors());
                List<RoadObservation> interval = SimulationObservations.of(readings, network);
                index.update(interval);
                learned.learn(interval);
                byLearned.update(interval);
                CongestionSnapshot s = index.snapshot();
                snapshots.add(s);
                for (RoadReading r : readings) {
                    Optional<RoadIndex> ours = s.road(r.road());
                    if (ours.isPresent() && r.count() > 0 && !Double.isNaN(r.travelTimeIndex())) {
                        pairs.add(new double[] {r.count(), ours.get().index(), r.travelTimeIndex()});
                    }
                }
                System.out.printf("%5.0f s: city %.3f (%s, %d roads, %.0f vehicle-km); west %.3f, east %.3f%n",
                        s.time(), s.city().index(), s.city().level().orElseThrow(), s.city().roads(),
                        s.city().vehicleMetres() / 1000, s.district("west").orElseThrow().index(),
                        s.district("east").orElseThrow().index());
            }
        }
        period = index.period();
        learnedSnapshot = byLearned.snapshot();
        System.out.printf("whole run: city %.3f; last interval with learned free flow %.3f%n", period.city().index(),
                learnedSnapshot.city().index());
    }

    /** West and east of the vertical line through the middle of the intersections. */
    private static List<District> halves(RoadNetwork net) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Intersection i : net.intersections()) {
            minX = Math.min(minX, i.point().x());
            maxX = Math.max(maxX, i.point().x());
            minY = Math.min(minY, i.point().y());
            maxY = Math.max(maxY, i.point().y());
        }
        double mid = (minX + maxX) / 2;
        double lo = minY - 1000;
        double hi = maxY + 1000;
        Polygon west = new Polygon(List.of(new Point(minX - 1000, lo), new Point(mid, lo), new Point(mid, hi),
                new Point(minX - 1000, hi)));
        Polygon east = new Polygon(List.of(new Point(mid, lo), new Point(maxX + 1000, lo), new Point(maxX + 1000, hi),
                new Point(mid, hi)));
        return List.of(District.within("west", west, net), District.within("east", east, net));
    }

    @Test
    void cityIndexIsAboveOneAndRisesAsTrafficBuilds() {
        double first = snapshots.get(0).city().index();
        double last = snapshots.get(snapshots.size() - 1).city().index();

        assertThat(snapshots).allSatisfy(s -> assertThat(s.city().index()).isGreaterThan(1.0));
        assertThat(last).isGreaterThan(first + 0.2);
        assertThat(snapshots.get(snapshots.size() - 1).city().vehicleMetres())
                .isGreaterThan(2 * snapshots.get(0).city().vehicleMetres());
        assertThat(period.city().index()).isBetween(first, snapshots.stream().mapToDouble(s -> s.city().index()).max()
                .orElseThrow());
    }

    @Test
    void roadIndicesAgreeWithTheEnginesOwnTravelTimeIndex() {
        // the engine times the vehicles that left a lane, we take the speed of all those on it:
        // while a queue builds, the ones still stuck in it count for us and not (yet) for the
        // engine, so ours runs higher as traffic builds (about 7% here, departure-weighted)
        List<double[]> busy = pairs.stream().filter(p -> p[0] >= 10).toList();
        double[] relative = busy.stream().mapToDouble(p -> Math.abs(p[1] / p[2] - 1)).sorted().toArray();
        double median = relative[relative.length / 2];
        double p90 = relative[(int) (relative.length * 0.9)];
        double ours = busy.stream().mapToDouble(p -> p[0] * p[1]).sum();
        double engine = busy.stream().mapToDouble(p -> p[0] * p[2]).sum();
        System.out.printf("%d road intervals with >= 10 departures: |ours/engine - 1| median %.3f, 90th percentile %.3f;"
                + " departure-weighted mean index ours %.3f, engine %.3f%n", busy.size(), median, p90,
                ours / busy.stream().mapToDouble(p -> p[0]).sum(), engine / busy.stream().mapToDouble(p -> p[0]).sum());

        assertThat(busy).hasSizeGreaterThan(200);
        assertThat(median).isLessThan(0.05);
        assertThat(p90).isLessThan(0.2);
        assertThat(ours / engine).isCloseTo(1.0, within(0.1));
    }

    @Test
    void twoHalvesByPolygonShareOutTheCity() {
        for (CongestionSnapshot s : snapshots) {
            AreaIndex west = s.district("west").orElseThrow();
            AreaIndex east = s.district("east").orElseThrow();
            assertThat(west.roads() + east.roads()).isEqualTo(s.city().roads());
            assertThat(west.travelSeconds() + east.travelSeconds()).isCloseTo(s.city().travelSeconds(), within(1e-6));
            assertThat(west.freeFlowSeconds() + east.freeFlowSeconds())
                    .isCloseTo(s.city().freeFlowSeconds(), within(1e-6));
            assertThat(s.city().index()).isBetween(Math.min(west.index(), east.index()),
                    Math.max(west.index(), east.index()));
        }
    }

    @Test
    void freeFlowLearnedFromTheQuietestIntervalsLiesBelowTheSpeedLimit() {
        FreeFlowSpeeds limits = FreeFlowSpeeds.speedLimits(network);
        long learnedRoads = network.roads().stream().filter(r -> learned.of(r.id()).isPresent()).count();

        assertThat(learnedRoads).isPositive();
        network.roads().forEach(r -> learned.of(r.id()).ifPresent(v ->
                assertThat(v).isPositive().isLessThanOrEqualTo(limits.of(r.id()).getAsDouble())));
        // signals slow even quiet traffic, so free flow learned from it is slower and the index lower
        assertThat(learnedSnapshot.city().index()).isGreaterThanOrEqualTo(1.0)
                .isLessThan(snapshots.get(snapshots.size() - 1).city().index());
    }
}
