package org.citybrain.twin.format.kdd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Phase;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.Turn;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The competition files shipped in {@code scenarios/nanchang_kddcup2021}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NanchangScenarioTest {
    private static final Path DIR = Path.of("../scenarios/nanchang_kddcup2021");
    private static final Path ROUND2_ROADNET = DIR.resolve("roadnet_round2.txt");
    private static final Path ROUND2_FLOW = DIR.resolve("flow_round2.txt");
    private static final Path WARM_UP_ROADNET = DIR.resolve("roadnet_warm_up.txt");
    private static final Path WARM_UP_FLOW = DIR.resolve("flow_warm_up_1000.txt");

    private Scenario round2;
    private Scenario warmUp;

    @BeforeAll
    void load() {
        KddCupReader reader = new KddCupReader();
        round2 = reader.read(ROUND2_ROADNET, ROUND2_FLOW);
        warmUp = reader.read(WARM_UP_ROADNET, WARM_UP_FLOW);
    }

    @Test
    void round2HasEveryIntersectionAndBothDirectionsOfEverySegment() {
        RoadNetwork net = round2.network();

        assertThat(net.intersections()).hasSize(2048);
        // 3,012 segments, none one-way
        assertThat(net.roads()).hasSize(6024).allSatisfy(r -> assertThat(r.lanes()).hasSize(3));
        assertThat(net.geoReference()).isPresent();
    }

    @Test
    void round2Has859SignalsWithNinePhases() {
        RoadNetwork net = round2.network();

        assertThat(net.intersections()).filteredOn(i -> i.signal().isPresent()).hasSize(859)
                .allSatisfy(i -> assertThat(i.signal().orElseThrow().phases()).hasSize(9));
    }

    @Test
    void phaseZeroLetsOnlyRightTurnsGoAndEveryPhaseKeepsThem() {
        for (Intersection in : round2.network().intersections()) {
            if (in.signal().isEmpty()) {
                continue;
            }
            Phase clearance = in.signal().get().phases().get(0);
            assertThat(clearance.seconds()).isEqualTo(KddPhases.CLEARANCE_SECONDS);
            for (int l = 0; l < in.roadLinks().size(); l++) {
                boolean right = in.roadLinks().get(l).turn() == Turn.RIGHT;
                assertThat(clearance.roadLinks().contains(l)).isEqualTo(right);
                for (Phase p : in.signal().get().phases()) {
                    if (right) {
                        assertThat(p.roadLinks()).contains(l);
                    }
                }
            }
        }
    }

    @Test
    void everySignalisedMovementIsGreenInSomeTimedPhase() {
        for (Intersection in : round2.network().intersections()) {
            if (in.signal().isEmpty()) {
                continue;
            }
            boolean[] served = new boolean[in.roadLinks().size()];
            for (Phase p : in.signal().get().phases()) {
                if (p.seconds() > 0) {
                    p.roadLinks().forEach(l -> served[l] = true);
                }
            }
            for (int l = 0; l < served.length; l++) {
                assertThat(served[l]).as("%s link %d", in.id(), l).isTrue();
            }
        }
    }

    @Test
    void deadEndsAreTheOnlyVirtualIntersections() {
        RoadNetwork net = round2.network();
        Map<String, Integer> legs = new HashMap<>();
        net.roads().forEach(r -> legs.merge(r.startIntersection(), 1, Integer::sum));

        assertThat(net.intersections()).filteredOn(Intersection::virtual)
                .hasSize(205)
                .allSatisfy(i -> {
                    assertThat(i.roadLinks()).isEmpty();
                    assertThat(legs.get(i.id())).isEqualTo(1);
                });
        assertThat(net.intersections()).filteredOn(i -> !i.virtual()).allSatisfy(i -> assertThat(i.roadLinks()).isNotEmpty());
    }

    @Test
    void noMovementIsAUTurn() {
        RoadNetwork net = round2.network();

        for (Intersection in : net.intersections()) {
            for (RoadLink l : in.roadLinks()) {
                assertThat(l.turn()).isNotEqualTo(Turn.U_TURN);
                assertThat(net.road(l.endRoad()).orElseThrow().endIntersection())
                        .isNotEqualTo(net.road(l.startRoad()).orElseThrow().startIntersection());
            }
        }
    }

    @Test
    void round2CarriesAbout126700Vehicles() {
        assertThat(round2.flows()).hasSize(9786);
        assertThat(round2.flows().stream().mapToLong(Flow::vehicleCount).sum()).isEqualTo(126_669);
    }

    @Test
    void everyRound2RouteIsConnected() {
        assertThat(round2.flows()).allSatisfy(f -> assertThat(Routes.connected(round2.network(), f)).as(f.id()).isTrue());
    }

    @Test
    void warmUpLoadsWithItsFlows() {
        RoadNetwork net = warmUp.network();

        assertThat(net.intersections()).hasSize(36);
        assertThat(net.roads()).hasSize(102);
        assertThat(net.intersections()).filteredOn(i -> i.signal().isPresent()).hasSize(22);
        assertThat(warmUp.flows()).hasSize(88);
        assertThat(warmUp.flows().stream().mapToLong(Flow::vehicleCount).sum()).isEqualTo(1047);
        assertThat(warmUp.flows()).allSatisfy(f -> assertThat(Routes.connected(net, f)).as(f.id()).isTrue());
    }

    @Test
    void competitionFilesAreDetectedAsKdd() {
        for (Path p : new Path[] {ROUND2_ROADNET, ROUND2_FLOW, WARM_UP_ROADNET, WARM_UP_FLOW}) {
            assertThat(ScenarioFormat.detect(p)).as(p.toString()).isEqualTo(ScenarioFormat.KDD);
        }
    }
}
