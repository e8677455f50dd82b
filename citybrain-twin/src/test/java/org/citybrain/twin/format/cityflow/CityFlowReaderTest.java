package org.citybrain.twin.format.cityflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.Turn;
import org.citybrain.twin.VehicleType;
import org.citybrain.twin.format.ScenarioFormat;

class CityFlowReaderTest {
    static final Path HANGZHOU = Path.of("../scenarios/hangzhou_4x4");
    static final Path HANGZHOU_ROADNET = HANGZHOU.resolve("roadnet_4_4.json");
    static final Path HANGZHOU_FLOW = HANGZHOU.resolve("anon_4_4_hangzhou_real.json");
    static final Path FIXTURES = Path.of("src/test/resources/cityflow");

    private final CityFlowReader reader = new CityFlowReader();

    @Test
    void readsHangzhouRoadnetWithSixteenSignalisedIntersections() {
        RoadNetwork net = reader.readNetwork(HANGZHOU_ROADNET);

        assertThat(net.intersections()).hasSize(32);
        assertThat(net.roads()).hasSize(80);
        assertThat(net.intersections()).filteredOn(in -> !in.virtual()).hasSize(16)
                .allSatisfy(in -> assertThat(in.signal()).isPresent());
        assertThat(net.geoReference()).isEmpty();
    }

    @Test
    void virtualIntersectionsHaveNoSignalEvenWhenTheFileGivesThemATrafficLight() {
        Intersection boundary = reader.readNetwork(HANGZHOU_ROADNET).intersection("intersection_0_1").orElseThrow();

        assertThat(boundary.virtual()).isTrue();
        assertThat(boundary.signal()).isEmpty();
        assertThat(boundary.roadLinks()).isEmpty();
        assertThat(boundary.point()).isEqualTo(new Point(-800, 0));
    }

    @Test
    void readsHangzhouPhasesInFileOrderWithTheirRoadLinks() {
        Intersection in = reader.readNetwork(HANGZHOU_ROADNET).intersection("intersection_1_1").orElseThrow();

        assertThat(in.width()).isEqualTo(15);
        assertThat(in.roadLinks()).hasSize(12);
        List<Phase> phases = in.signal().orElseThrow().phases();
        assertThat(phases).hasSize(9);
        assertThat(phases.get(0)).isEqualTo(new Phase(5, List.of(10, 2, 3, 6)));
        assertThat(phases.get(1)).isEqualTo(new Phase(30, List.of(0, 2, 3, 6, 7, 10)));
        assertThat(in.signal().orElseThrow().cycleSeconds()).isEqualTo(245);
    }

    @Test
    void readsRoadLinksWithTurnsAndLaneLinkGeometry() {
        Intersection in = reader.readNetwork(HANGZHOU_ROADNET).intersection("intersection_1_1").orElseThrow();

        RoadLink straight = in.roadLinks().get(0);
        assertThat(straight.turn()).isEqualTo(Turn.STRAIGHT);
        assertThat(straight.startRoad()).isEqualTo("road_0_1_0");
        assertThat(straight.endRoad()).isEqualTo("road_1_1_0");
        LaneLink first = straight.laneLinks().get(0);
        assertThat(first.startLane()).isEqualTo(1);
        assertThat(first.endLane()).isEqualTo(0);
        assertThat(first.points()).hasSize(11).startsWith(new Point(-15, -6)).endsWith(new Point(15, -2));
        assertThat(in.roadLinks().get(1).turn()).isEqualTo(Turn.LEFT);
        assertThat(in.roadLinks().get(2).turn()).isEqualTo(Turn.RIGHT);
    }

    @Test
    void readsRoadGeometryAndLanes() {
        Road road = reader.readNetwork(HANGZHOU_ROADNET).road("road_0_1_0").orElseThrow();

        assertThat(road.startIntersection()).isEqualTo("intersection_0_1");
        assertThat(road.endIntersection()).isEqualTo("intersection_1_1");
        assertThat(road.points()).containsExactly(new Point(-800, 0), new Point(0, 0));
        assertThat(road.length()).isEqualTo(800);
        assertThat(road.lanes()).hasSize(3).allSatisfy(lane -> {
            assertThat(lane.width()).isEqualTo(4);
            assertThat(lane.maxSpeed()).isEqualTo(11.111);
        });
    }

    @Test
    void readsHangzhouFlowsNamedByTheirIndexInTheFile() {
        Scenario scenario = reader.read(HANGZHOU_ROADNET, HANGZHOU_FLOW);

        assertThat(scenario.flows()).hasSize(2983);
        Flow flow = scenario.flows().get(12);
        assertThat(flow.id()).isEqualTo("flow_12");
        assertThat(flow.route()).containsExactly("road_4_0_1", "road_4_1_1", "road_4_2_0");
        assertThat(flow.startTime()).isEqualTo(156);
        assertThat(flow.endTime()).isEqualTo(156);
        assertThat(flow.interval()).isEqualTo(1);
        assertThat(flow.vehicleCount()).isEqualTo(1);
        assertThat(flow.vehicle()).isEqualTo(new VehicleType(5, 2, 2, 4.5, 2, 4.5, 2.5, 11.111, 2));
        assertThat(scenario.flows().get(2982).id()).isEqualTo("flow_2982");
    }

    @Test
    void readsTheLargerHangzhouFlowFile() {
        Scenario scenario = reader.read(HANGZHOU_ROADNET, HANGZHOU.resolve("anon_4_4_hangzhou_real_5816.json"));

        assertThat(scenario.flows()).hasSize(6984);
    }

    @Test
    void detectsCityFlowFromTheRoadnetContent() {
        assertThat(ScenarioFormat.detect(HANGZHOU_ROADNET)).isEqualTo(ScenarioFormat.CITYFLOW);
    }

    @Test
    void loadsHangzhouThroughScenarioFormatWithDetectedFormat() {
        Scenario scenario = ScenarioFormat.load(HANGZHOU_ROADNET, HANGZHOU_FLOW, Optional.empty());

        assertThat(scenario.network().roads()).hasSize(80);
        assertThat(scenario.flows()).hasSize(2983);
        assertThat(ScenarioFormat.loadNetwork(HANGZHOU_ROADNET, Optional.empty()).intersections()).hasSize(32);
    }

    @Test
    void readsLaneLinkWithoutPointsAsEmptyGeometry() {
        RoadLink link = reader.readNetwork(FIXTURES.resolve("small_roadnet.json"))
                .intersection("centre").orElseThrow().roadLinks().get(1);

        assertThat(link.laneLinks()).extracting(LaneLink::points).containsOnly(List.of());
    }

    @Test
    void intersectionWithoutTrafficLightIsUnsignalised() {
        Intersection centre = reader.readNetwork(FIXTURES.resolve("no_traffic_light_roadnet.json"))
                .intersection("centre").orElseThrow();

        assertThat(centre.virtual()).isFalse();
        assertThat(centre.signal()).isEmpty();
    }

    @Test
    void singlePhaseLettingEveryRoadLinkGoReadsAsUnsignalised() {
        Intersection centre = reader.readNetwork(FIXTURES.resolve("always_green_roadnet.json"))
                .intersection("centre").orElseThrow();

        assertThat(centre.signal()).isEmpty();
    }

    @Test
    void flowWithoutTimesStartsAtZeroAndNeverEnds() {
        Flow flow = reader.read(FIXTURES.resolve("small_roadnet.json"), FIXTURES.resolve("flow_without_times.json"))
                .flows().get(0);

        assertThat(flow.startTime()).isZero();
        assertThat(flow.endTime()).isEqualTo(-1);
    }
}
