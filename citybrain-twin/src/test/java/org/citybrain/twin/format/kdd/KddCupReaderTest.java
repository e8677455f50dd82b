package org.citybrain.twin.format.kdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.citybrain.twin.Flow;
import org.citybrain.twin.GeoReference;
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
import org.junit.jupiter.api.Test;

class KddCupReaderTest {
    private static final Path DIR = Path.of("src/test/resources/kdd");
    private final KddCupReader reader = new KddCupReader();

    private RoadNetwork plus() {
        return reader.readNetwork(DIR.resolve("plus.roadnet.txt"));
    }

    private RoadNetwork mixed() {
        return reader.readNetwork(DIR.resolve("mixed.roadnet.txt"));
    }

    private static RoadLink link(Intersection in, String from, String to) {
        return in.roadLinks().stream().filter(l -> l.startRoad().equals(from) && l.endRoad().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no road link " + from + " -> " + to + " at " + in.id()));
    }

    private static int linkIndex(Intersection in, String from, String to) {
        return in.roadLinks().indexOf(link(in, from, to));
    }

    @Test
    void eachSegmentLineGivesTwoDirectedRoadsWithTheFileIds() {
        RoadNetwork net = plus();

        assertThat(net.roads()).extracting(Road::id).containsExactly("11", "12", "21", "22", "31", "32", "41", "42");
        Road north = net.road("11").orElseThrow();
        assertThat(north.startIntersection()).isEqualTo("100");
        assertThat(north.endIntersection()).isEqualTo("101");
        Road back = net.road("12").orElseThrow();
        assertThat(back.startIntersection()).isEqualTo("101");
        assertThat(back.endIntersection()).isEqualTo("100");
        assertThat(north.lanes()).hasSize(3).allSatisfy(l -> {
            assertThat(l.maxSpeed()).isEqualTo(16.5);
            assertThat(l.width()).isEqualTo(NetworkAssembler.LANE_WIDTH_M);
        });
    }

    @Test
    void projectsAroundTheMeanOfAllIntersections() {
        RoadNetwork net = plus();

        assertThat(net.geoReference()).contains(new GeoReference(30.0, 120.0));
        Intersection centre = net.intersection("100").orElseThrow();
        assertThat(centre.point().x()).isCloseTo(0, within(1e-6));
        assertThat(centre.point().y()).isCloseTo(0, within(1e-6));
        Point north = net.intersection("101").orElseThrow().point();
        assertThat(north.x()).isCloseTo(0, within(1e-6));
        assertThat(north.y()).isCloseTo(1111.95, within(0.01));
    }

    @Test
    void roadsRunStraightBetweenTheirIntersectionsAndKeepTheLengthTheFileGives() {
        RoadNetwork net = plus();

        Road east = net.road("21").orElseThrow();
        assertThat(east.points()).containsExactly(net.intersection("100").orElseThrow().point(),
                net.intersection("102").orElseThrow().point());
        assertThat(org.citybrain.twin.Polyline.length(east.points())).isCloseTo(962.98, within(0.01));
        assertThat(east.length()).isEqualTo(960.0);
        assertThat(net.road("22").orElseThrow().length()).as("the other direction").isEqualTo(960.0);
    }

    @Test
    void turnsAtASignalFollowTheClockwiseExitsOfItsRow() {
        Intersection centre = plus().intersection("100").orElseThrow();

        // 12 arrives from the north (exit 1 is 11): left is east, straight south, right west
        assertThat(link(centre, "12", "21").turn()).isEqualTo(Turn.LEFT);
        assertThat(link(centre, "12", "31").turn()).isEqualTo(Turn.STRAIGHT);
        assertThat(link(centre, "12", "41").turn()).isEqualTo(Turn.RIGHT);
        assertThat(link(centre, "22", "31").turn()).isEqualTo(Turn.LEFT);
        assertThat(link(centre, "22", "11").turn()).isEqualTo(Turn.RIGHT);
        assertThat(link(centre, "42", "21").turn()).isEqualTo(Turn.STRAIGHT);
        assertThat(centre.roadLinks()).hasSize(12).noneMatch(l -> l.turn() == Turn.U_TURN);
    }

    @Test
    void laneZeroIsTheLeftTurnLaneAndReachesEveryLaneOfTheNextRoad() {
        Intersection centre = plus().intersection("100").orElseThrow();

        assertThat(link(centre, "12", "21").laneLinks()).extracting(LaneLink::startLane, LaneLink::endLane)
                .containsExactly(tuple(0, 0), tuple(0, 1), tuple(0, 2));
        assertThat(link(centre, "12", "31").laneLinks()).extracting(LaneLink::startLane).containsOnly(1);
        assertThat(link(centre, "12", "41").laneLinks()).extracting(LaneLink::startLane).containsOnly(2);
        assertThat(link(centre, "12", "41").laneLinks()).allSatisfy(l -> assertThat(l.points()).isEmpty());
    }

    @Test
    void planHasAnAllRedRightTurnPhaseThenTheEightKddPhases() {
        Intersection centre = plus().intersection("100").orElseThrow();
        List<Phase> phases = centre.signal().orElseThrow().phases();
        List<Integer> rights = List.of(linkIndex(centre, "12", "41"), linkIndex(centre, "22", "11"),
                linkIndex(centre, "32", "21"), linkIndex(centre, "42", "31"));

        assertThat(phases).hasSize(9);
        assertThat(phases.get(0).roadLinks()).containsExactlyInAnyOrderElementsOf(rights);
        // phase 1: left turns from approaches 1 and 3 (north, south)
        assertThat(phases.get(1).roadLinks()).containsExactlyInAnyOrder(linkIndex(centre, "12", "21"),
                linkIndex(centre, "32", "41"), rights.get(0), rights.get(1), rights.get(2), rights.get(3));
        // phase 4: straight from approaches 2 and 4 (east, west)
        assertThat(phases.get(4).roadLinks()).contains(linkIndex(centre, "22", "41"), linkIndex(centre, "42", "21"))
                .hasSize(6);
        // phase 8: left and straight from approach 4 (west)
        assertThat(phases.get(8).roadLinks()).contains(linkIndex(centre, "42", "11"), linkIndex(centre, "42", "21"))
                .containsAll(rights).hasSize(6);
        for (Phase p : phases) {
            assertThat(p.roadLinks()).containsAll(rights);
        }
    }

    @Test
    void defaultPlanGivesFiveSecondsClearanceAndThirtySecondsToPhasesOneToFour() {
        List<Phase> phases = plus().intersection("100").orElseThrow().signal().orElseThrow().phases();

        assertThat(phases).extracting(Phase::seconds).containsExactly(5.0, 30.0, 30.0, 30.0, 30.0, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void threeLegSignalHasNoMovementTowardTheMissingApproachAndSkipsRightOnlyPhases() {
        Intersection tee = mixed().intersection("1").orElseThrow();

        // exits: 1201 north, 1301 east, 1401 south, none west
        assertThat(tee.roadLinks()).extracting(l -> l.startRoad() + ">" + l.endRoad() + ":" + l.turn()).containsExactly(
                "2101>1301:LEFT", "2101>1401:STRAIGHT",
                "3101>1401:LEFT", "3101>1201:RIGHT",
                "4101>1201:STRAIGHT", "4101>1301:RIGHT");
        // phase 4 (straight from east and west) has only right turns left
        assertThat(tee.signal().orElseThrow().phases()).extracting(Phase::seconds)
                .containsExactly(5.0, 30.0, 30.0, 30.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void sharedLaneFeedsEveryMovementItPermits() {
        Intersection tee = mixed().intersection("1").orElseThrow();

        // road 3101 has two lanes: 0 = left + straight, 1 = right; straight (west) does not exist
        assertThat(link(tee, "3101", "1401").laneLinks()).extracting(LaneLink::startLane).containsOnly(0);
        assertThat(link(tee, "3101", "1401").laneLinks()).extracting(LaneLink::endLane).containsExactly(0, 1, 2);
        assertThat(link(tee, "3101", "1201").laneLinks()).extracting(LaneLink::startLane).containsOnly(1);
    }

    @Test
    void unsignalisedTurnsComeFromGeometry() {
        RoadNetwork net = mixed();
        Intersection three = net.intersection("3").orElseThrow();

        // arriving eastbound: east is straight on, north a left
        assertThat(link(three, "1301", "3701").turn()).isEqualTo(Turn.STRAIGHT);
        assertThat(link(three, "1301", "3601").turn()).isEqualTo(Turn.LEFT);
        // arriving southbound on the stem of the T: west is right, east is left, nothing straight
        assertThat(link(three, "6301", "3101").turn()).isEqualTo(Turn.RIGHT);
        assertThat(link(three, "6301", "3701").turn()).isEqualTo(Turn.LEFT);
        assertThat(three.roadLinks()).hasSize(4);
        assertThat(three.signal()).isEmpty();
        assertThat(three.virtual()).isFalse();
    }

    @Test
    void aTwoLegNodeIsABendDrivenStraightThrough() {
        Intersection corner = mixed().intersection("6").orElseThrow();

        assertThat(corner.roadLinks()).extracting(l -> l.startRoad() + ">" + l.endRoad() + ":" + l.turn())
                .containsExactlyInAnyOrder("2601>6301:STRAIGHT", "3601>6201:STRAIGHT");
    }

    @Test
    void deadEndsAndIsolatedNodesAreVirtualWithoutLinks() {
        RoadNetwork net = mixed();

        assertThat(net.intersections()).filteredOn(Intersection::virtual).extracting(Intersection::id)
                .containsExactlyInAnyOrder("4", "7", "5");
        assertThat(net.intersection("4").orElseThrow().roadLinks()).isEmpty();
        assertThat(plus().intersections()).filteredOn(Intersection::virtual).hasSize(4);
        assertThat(plus().intersection("100").orElseThrow().virtual()).isFalse();
    }

    @Test
    void zeroLaneDirectionIsAOneWaySegment() {
        RoadNetwork net = mixed();

        assertThat(net.road("3701")).isPresent();
        assertThat(net.road("-1")).isEmpty();
        assertThat(net.roads()).hasSize(11);
        assertThat(net.road("3701").orElseThrow().lanes()).hasSize(2);
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        RoadNetwork net = reader.readNetwork(DIR.resolve("plus-annotated.roadnet.txt"));

        assertThat(net.intersections()).hasSize(3);
        assertThat(net.roads()).extracting(Road::id).containsExactly("78", "87", "89", "98");
        assertThat(net.connects("78", "89")).isTrue();
        assertThat(net.intersection("8").orElseThrow().signal()).isEqualTo(Optional.empty());
    }

    @Test
    void flowsCarryTimesRouteAndTheDefaultVehicleAsFastAsTheFastestRoad() {
        Scenario s = reader.read(DIR.resolve("mixed.roadnet.txt"), DIR.resolve("mixed.flow.txt"));

        double fastest = s.network().roads().stream().flatMap(r -> r.lanes().stream())
                .mapToDouble(org.citybrain.twin.Lane::maxSpeed).max().orElseThrow();
        assertThat(s.flows()).hasSize(3);
        Flow first = s.flows().get(0);
        assertThat(first).isEqualTo(new Flow("flow_0", VehicleType.DEFAULT.withMaxSpeed(fastest),
                List.of("4101", "1201", "2601"), 10, 0, 100));
        assertThat(s.flows()).extracting(Flow::id).containsExactly("flow_0", "flow_1", "flow_2");
        // a vehicle at start and every interval up to and including end
        assertThat(s.flows()).extracting(Flow::vehicleCount).containsExactly(11L, 9L, 1L);
    }

    @Test
    void everyRouteOfTheFixturesIsConnected() {
        for (String name : List.of("plus", "mixed")) {
            Scenario s = reader.read(DIR.resolve(name + ".roadnet.txt"), DIR.resolve(name + ".flow.txt"));

            assertThat(s.flows()).allSatisfy(f -> assertThat(Routes.connected(s.network(), f)).isTrue());
        }
    }

    @Test
    void detectsTheFormatFromTheFiles() {
        assertThat(ScenarioFormat.detect(DIR.resolve("plus.roadnet.txt"))).isEqualTo(ScenarioFormat.KDD);
        assertThat(ScenarioFormat.detect(DIR.resolve("mixed.roadnet.txt"))).isEqualTo(ScenarioFormat.KDD);
        assertThat(ScenarioFormat.detect(DIR.resolve("mixed.flow.txt"))).isEqualTo(ScenarioFormat.KDD);
        Scenario viaFormat = ScenarioFormat.load(DIR.resolve("plus.roadnet.txt"), DIR.resolve("plus.flow.txt"),
                Optional.empty());
        assertThat(viaFormat.flows()).hasSize(2);
    }
}
