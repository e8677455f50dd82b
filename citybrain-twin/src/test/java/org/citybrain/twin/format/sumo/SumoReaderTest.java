package org.citybrain.twin.format.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

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
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.VehicleType;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.Test;

class SumoReaderTest {
    private final SumoReader reader = new SumoReader();

    static Path fixture(String name) {
        try {
            return Path.of(SumoReaderTest.class.getResource("/sumo/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private RoadNetwork small() {
        return reader.readNetwork(fixture("small.net.xml"));
    }

    @Test
    void roadsAreTheNormalEdgesInFileOrder() {
        assertThat(small().roads()).extracting(Road::id).containsExactly("AC", "CA", "CB", "NC");
    }

    @Test
    void lanesAreRenumberedFromTheInsideWithWidthDefaultingTo3point2() {
        Road ac = small().road("AC").orElseThrow();
        // SUMO lane 1 (leftmost, 3.5 m wide) is the twin's lane 0
        assertThat(ac.lanes()).extracting(l -> l.width()).containsExactly(3.5, 3.2);
        assertThat(ac.lanes()).extracting(l -> l.maxSpeed()).containsExactly(13.89, 13.89);
        assertThat(small().road("CB").orElseThrow().lanes().get(0).maxSpeed()).isEqualTo(8.33);
    }

    @Test
    void roadPointsAreTheEdgeShapeElseTheJunctionPoints() {
        RoadNetwork net = small();
        assertThat(net.road("AC").orElseThrow().points()).containsExactly(new Point(0, 0), new Point(100, 0));
        assertThat(net.road("NC").orElseThrow().points())
                .containsExactly(new Point(100, 200), new Point(100, 150), new Point(100, 0));
    }

    @Test
    void deadEndsAreVirtualAndInternalJunctionsAreSkipped() {
        RoadNetwork net = small();
        assertThat(net.intersections()).extracting(Intersection::id).containsExactly("A", "B", "C", "N");
        assertThat(net.intersections()).filteredOn(Intersection::virtual).extracting(Intersection::id)
                .containsExactly("A", "B", "N");
        assertThat(net.intersection("A").orElseThrow().roadLinks()).isEmpty();
    }

    @Test
    void intersectionWidthIsHowFarLanesStopShortOfTheJunctionPoint() {
        RoadNetwork net = small();
        assertThat(net.intersection("C").orElseThrow().width()).isEqualTo(10.0);
        assertThat(net.intersection("A").orElseThrow().width()).isZero();
    }

    @Test
    void connectionsAreGroupedIntoRoadLinksByFromAndToEdge() {
        List<RoadLink> links = small().intersection("C").orElseThrow().roadLinks();
        assertThat(links).extracting(RoadLink::startRoad, RoadLink::endRoad, RoadLink::turn).containsExactly(
                tuple("AC", "CB", Turn.STRAIGHT),
                tuple("AC", "CA", Turn.U_TURN),
                tuple("NC", "CB", Turn.LEFT));
        assertThat(links.get(0).laneLinks()).extracting(LaneLink::startLane, LaneLink::endLane).containsExactly(
                tuple(0, 0), tuple(1, 0));
    }

    @Test
    void laneLinkPointsFollowTheInternalLanesItGoesVia() {
        List<RoadLink> links = small().intersection("C").orElseThrow().roadLinks();
        assertThat(links.get(0).laneLinks().get(0).points())
                .containsExactly(new Point(90, -1.6), new Point(100, -1.6));
        assertThat(links.get(0).laneLinks().get(1).points()).as("no via").isEmpty();
        assertThat(links.get(2).laneLinks().get(0).points()).as("two internal lanes, joined").containsExactly(
                new Point(98.4, 90), new Point(98.4, 95), new Point(100, 98), new Point(110, 98.4));
    }

    @Test
    void signalPhasesListTheRoadLinksThatMayEnterInTheFirstProgram() {
        List<Phase> phases = small().intersection("C").orElseThrow().signal().orElseThrow().phases();
        assertThat(phases).containsExactly(
                new Phase(20, List.of(0, 2)),
                new Phase(3, List.of()),
                new Phase(10, List.of(1, 2)));
    }

    @Test
    void junctionsWithoutTrafficLightsAreUnsignalised() {
        assertThat(small().intersection("A").orElseThrow().signal()).isEmpty();
    }

    @Test
    void vehiclesAndFlowsBecomeFlowsInFileOrder() {
        Scenario s = reader.read(fixture("small.net.xml"), fixture("small.rou.xml"));
        assertThat(s.flows()).extracting(Flow::id).containsExactly("v0", "v1", "buses", "hourly", "counted", "v2");
        Flow v0 = s.flows().get(0);
        assertThat(v0.route()).containsExactly("AC", "CB");
        assertThat(v0.startTime()).isZero();
        assertThat(v0.vehicleCount()).isEqualTo(1);
        Flow v1 = s.flows().get(1);
        assertThat(v1.route()).containsExactly("NC", "CB");
        assertThat(v1.startTime()).isEqualTo(2.5);
        assertThat(v1.endTime()).isEqualTo(2.5);
        assertThat(s.flows().get(5).route()).as("route defined after its use").containsExactly("NC");
    }

    @Test
    void flowEndIsExclusiveAsInSumo() {
        List<Flow> flows = reader.read(fixture("small.net.xml"), fixture("small.rou.xml")).flows();
        Flow buses = flows.get(2); // begin 10, end 70, period 20: departures 10, 30, 50
        assertThat(buses.interval()).isEqualTo(20);
        assertThat(buses.startTime()).isEqualTo(10);
        assertThat(buses.endTime()).isEqualTo(50);
        assertThat(buses.vehicleCount()).isEqualTo(3);
        Flow hourly = flows.get(3); // 120 veh/h over an hour
        assertThat(hourly.interval()).isEqualTo(30);
        assertThat(hourly.vehicleCount()).isEqualTo(120);
        Flow counted = flows.get(4); // 4 vehicles spread over [100, 200)
        assertThat(counted.interval()).isEqualTo(25);
        assertThat(counted.endTime()).isEqualTo(175);
        assertThat(counted.vehicleCount()).isEqualTo(4);
    }

    @Test
    void vTypeAttributesMapToTheTwinWithSumoDefaults() {
        List<Flow> flows = reader.read(fixture("small.net.xml"), fixture("small.rou.xml")).flows();
        // car gives accel, decel, length, maxSpeed; emergencyDecel defaults to max(decel, 9)
        assertThat(flows.get(0).vehicle()).isEqualTo(new VehicleType(4.5, 1.8, 3.0, 9, 3.0, 5.0, 2.5, 15, 1));
        assertThat(flows.get(2).vehicle()).isEqualTo(new VehicleType(12, 2.5, 1.2, 7, 1.2, 4.0, 3, 20, 1.5));
    }

    @Test
    void vehicleWithoutTypeGetsTheTwinDefault() {
        Flow v1 = reader.read(fixture("small.net.xml"), fixture("small.rou.xml")).flows().get(1);
        assertThat(v1.vehicle()).isEqualTo(VehicleType.DEFAULT);
    }

    @Test
    void detectsSumoFromTheXml() {
        assertThat(ScenarioFormat.detect(fixture("small.net.xml"))).isEqualTo(ScenarioFormat.SUMO);
    }

    // ---- errors: file, line and reason ----

    private TwinFormatException netError(String file) {
        Path path = fixture(file);
        Throwable t = catchThrowable(() -> reader.readNetwork(path));
        assertThat(t).isInstanceOf(TwinFormatException.class);
        TwinFormatException e = (TwinFormatException) t;
        assertThat(e.source()).isEqualTo(path.toString());
        return e;
    }

    private TwinFormatException routeError(String file) {
        Path net = fixture("two-roads.net.xml");
        Path path = fixture(file);
        Throwable t = catchThrowable(() -> reader.read(net, path));
        assertThat(t).isInstanceOf(TwinFormatException.class);
        TwinFormatException e = (TwinFormatException) t;
        assertThat(e.source()).isEqualTo(path.toString());
        return e;
    }

    @Test
    void malformedXmlIsReportedWithItsPosition() {
        TwinFormatException e = netError("bad-malformed.net.xml");
        assertThat(e.location()).startsWith("line 13, column ");
        assertThat(e.reason()).startsWith("malformed XML: ");
    }

    @Test
    void missingRequiredAttributeIsNamed() {
        TwinFormatException e = netError("bad-missing-attribute.net.xml");
        assertThat(e.location()).startsWith("line 6, column ");
        assertThat(e.reason()).isEqualTo("<edge> needs attribute 'to'");
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        TwinFormatException e = netError("bad-xxe.net.xml");
        assertThat(e.reason()).startsWith("malformed XML: ").contains("secret");
        assertThat(e.getMessage()).doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void aFileThatIsNotANetworkIsRefused() {
        TwinFormatException e = netError("bad-root.net.xml");
        assertThat(e.location()).startsWith("line 2, column ");
        assertThat(e.reason()).contains("root element is <routes>, expected <net>");
    }

    @Test
    void unknownTrafficLightProgramIsReportedAtTheConnection() {
        TwinFormatException e = netError("bad-unknown-tl.net.xml");
        assertThat(e.location()).startsWith("line 16, column ");
        assertThat(e.reason()).startsWith("unknown traffic light program 'X'");
    }

    @Test
    void linkIndexOutsideTheStateIsReportedAtTheConnection() {
        TwinFormatException e = netError("bad-link-index.net.xml");
        assertThat(e.location()).startsWith("line 16, column ");
        assertThat(e.reason()).startsWith("linkIndex 2 is outside the state of traffic light 'C', which has 2 signals");
    }

    @Test
    void connectionToUnknownEdgeIsReported() {
        TwinFormatException e = netError("bad-unknown-edge.net.xml");
        assertThat(e.location()).startsWith("line 12, column ");
        assertThat(e.reason()).isEqualTo("connection refers to unknown edge 'CX'");
    }

    @Test
    void connectionLaneOutsideTheEdgeIsReported() {
        TwinFormatException e = netError("bad-lane-out-of-range.net.xml");
        assertThat(e.location()).startsWith("line 12, column ");
        assertThat(e.reason()).isEqualTo("fromLane 1 but edge 'AC' has 1 lanes");
    }

    @Test
    void modelValidationErrorsCarryTheLine() {
        TwinFormatException e = netError("bad-lane-speed.net.xml");
        assertThat(e.location()).startsWith("line 7, column ");
        assertThat(e.reason()).startsWith("lane maxSpeed must be a positive number");
    }

    @Test
    void tripsAreRefusedBecauseTheyNeedRouting() {
        TwinFormatException e = routeError("bad-trip.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).isEqualTo("trips need routing; convert with duarouter");
    }

    @Test
    void nonNumericDepartIsRefused() {
        TwinFormatException e = routeError("bad-depart.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).startsWith("vehicle 'v0' has depart='triggered'");
    }

    @Test
    void missingDepartIsNamed() {
        TwinFormatException e = routeError("bad-missing-depart.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).isEqualTo("<vehicle> needs attribute 'depart'");
    }

    @Test
    void unknownEdgeInARouteIsReportedAtTheRoute() {
        TwinFormatException e = routeError("bad-unknown-edge.rou.xml");
        assertThat(e.location()).isEqualTo("line 5.route[1]");
        assertThat(e.reason()).isEqualTo("unknown road 'CX'");
    }

    @Test
    void unconnectedRouteIsReportedAtTheRoute() {
        TwinFormatException e = routeError("bad-not-connected.rou.xml");
        assertThat(e.location()).isEqualTo("line 4.route[1]");
        assertThat(e.reason()).isEqualTo("route is not connected: no road link from 'CB' to 'AC'");
    }

    @Test
    void unknownVTypeIsReported() {
        TwinFormatException e = routeError("bad-unknown-type.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).isEqualTo("'v0' uses unknown vType 'truck'");
    }

    @Test
    void unknownNamedRouteIsReported() {
        TwinFormatException e = routeError("bad-unknown-route.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).isEqualTo("'v0' uses unknown route 'nowhere'");
    }

    @Test
    void randomFlowsAreRefused() {
        TwinFormatException e = routeError("bad-probability.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).startsWith("flow 'f0' uses probability");
    }

    @Test
    void invalidVTypeValuesCarryTheLine() {
        TwinFormatException e = routeError("bad-vtype.rou.xml");
        assertThat(e.location()).startsWith("line 4, column ");
        assertThat(e.reason()).isEqualTo("vType 'heavy': vehicle length must be > 0, got -3.0");
    }

    @Test
    void missingFileIsAFormatErrorNamingTheFile() {
        Path missing = Path.of("no-such-file.net.xml");
        assertThatThrownBy(() -> reader.readNetwork(missing))
                .isInstanceOf(TwinFormatException.class)
                .hasMessageStartingWith("no-such-file.net.xml: cannot read file");
    }

    @Test
    void signalisedTwoRoadNetworkLoads() {
        RoadNetwork net = reader.readNetwork(fixture("two-roads.net.xml"));
        assertThat(net.connects("AC", "CB")).isTrue();
        assertThat(net.intersection("C").orElseThrow().signal().orElseThrow().cycleSeconds())
                .isCloseTo(60, within(1e-9));
    }
}
