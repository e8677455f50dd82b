package org.citybrain.twin.format.cityflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.citybrain.twin.TwinFormatException;

/** Each kind of bad input names the file, the place in it and the reason. */
class CityFlowReaderErrorsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/cityflow");
    private static final Path BAD = FIXTURES.resolve("bad");
    private static final Path GOOD_ROADNET = FIXTURES.resolve("small_roadnet.json");

    private final CityFlowReader reader = new CityFlowReader();

    @Test
    void malformedJsonIsReportedAtItsLineAndColumn() {
        Path file = BAD.resolve("malformed.json");

        assertRoadnetFails(file, "line 10, column 7", "malformed JSON: Unexpected character");
    }

    @Test
    void duplicateKeyIsRejectedAsMalformed() {
        assertRoadnetFails(BAD.resolve("duplicate_key.json"), "line 24, column 14", "Duplicate field 'width'");
    }

    @Test
    void contentAfterTheDocumentIsRejected() {
        assertRoadnetFails(BAD.resolve("trailing_content.json"), "line 224, column 1",
                "unexpected content after the end of the JSON document");
    }

    @Test
    void roadEndingAtAnUnknownIntersectionIsRejected() {
        assertRoadnetFails(BAD.resolve("unknown_intersection.json"), "$.roads[1]",
                "road 'road_c_e' ends at unknown intersection 'nowhere'");
    }

    @Test
    void roadLinkFromAMissingRoadIsRejected() {
        assertRoadnetFails(BAD.resolve("missing_road.json"), "$.intersections[1].roadLinks[1].startRoad",
                "unknown road 'road_missing'");
    }

    @Test
    void intersectionListingAnUnknownRoadIsRejected() {
        assertRoadnetFails(BAD.resolve("unknown_road_in_intersection_roads.json"), "$.intersections[2].roads[1]",
                "unknown road 'road_ghost'");
    }

    @Test
    void laneIndexBeyondTheRoadsLanesIsRejected() {
        assertRoadnetFails(BAD.resolve("lane_index_out_of_range.json"),
                "$.intersections[1].roadLinks[0].laneLinks[1]", "endLaneIndex 2 but road 'road_c_e' has 2 lanes");
    }

    @Test
    void phaseNamingAMissingRoadLinkIsRejected() {
        assertRoadnetFails(BAD.resolve("phase_missing_road_link.json"),
                "$.intersections[1].trafficLight.lightphases[1]",
                "phase names road link 7 but intersection 'centre' has 2 road links");
    }

    @Test
    void missingFieldIsReportedWithItsJsonPathAndExpectedType() {
        assertRoadnetFails(BAD.resolve("missing_field.json"), "$.roads[2].lanes[1].maxSpeed",
                "missing field 'maxSpeed', expected a number");
    }

    @Test
    void wronglyTypedFieldIsReportedWithWhatWasFound() {
        assertRoadnetFails(BAD.resolve("wrong_type.json"), "$.intersections[1].width",
                "expected a number, found the string \"wide\"");
    }

    @Test
    void negativeMaxSpeedIsRejectedAtItsLane() {
        assertRoadnetFails(BAD.resolve("negative_max_speed.json"), "$.roads[2].lanes[1]",
                "lane maxSpeed must be a positive number of m/s, got -13.9");
    }

    @Test
    void unknownRoadLinkTypeIsRejected() {
        assertRoadnetFails(BAD.resolve("unknown_turn_type.json"), "$.intersections[1].roadLinks[0].type",
                "unknown road link type 'turn_around', expected go_straight, turn_left or turn_right");
    }

    @Test
    void roadnetThatIsNotAnObjectIsRejected() {
        assertRoadnetFails(BAD.resolve("not_an_object.json"), "$", "expected an object, found an array");
    }

    @Test
    void emptyFileIsRejected() {
        assertRoadnetFails(BAD.resolve("empty.json"), "", "file is empty");
    }

    @Test
    void missingFileIsReportedAsUnreadable() {
        assertRoadnetFails(BAD.resolve("no_such_roadnet.json"), "", "cannot read file: no such file");
    }

    @Test
    void routeThatIsNotConnectedIsRejected() {
        assertFlowFails(BAD.resolve("disconnected_route_flow.json"), "$[1].route[1]",
                "route is not connected: no road link from 'road_e_c' to 'road_c_e'");
    }

    @Test
    void routeThroughAnUnknownRoadIsRejected() {
        assertFlowFails(BAD.resolve("unknown_road_flow.json"), "$[0].route[1]", "unknown road 'road_nowhere'");
    }

    @Test
    void missingVehicleParameterIsReportedWithItsJsonPath() {
        assertFlowFails(BAD.resolve("missing_vehicle_field_flow.json"), "$[1].vehicle.headwayTime",
                "missing field 'headwayTime', expected a number");
    }

    @Test
    void zeroIntervalIsRejectedAtItsFlow() {
        assertFlowFails(BAD.resolve("zero_interval_flow.json"), "$[1]", "flow interval must be > 0 seconds");
    }

    @Test
    void badRoadnetIsReportedBeforeItsFlowsAreRead() {
        Path roadnet = BAD.resolve("missing_road.json");

        TwinFormatException e = catchThrowableOfType(TwinFormatException.class,
                () -> reader.read(roadnet, FIXTURES.resolve("small_flow.json")));

        assertThat(e.source()).isEqualTo(roadnet.toString());
    }

    private void assertRoadnetFails(Path file, String location, String reason) {
        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.readNetwork(file));
        assertLocated(e, file, location, reason);
    }

    private void assertFlowFails(Path flow, String location, String reason) {
        TwinFormatException e = catchThrowableOfType(TwinFormatException.class, () -> reader.read(GOOD_ROADNET, flow));
        assertLocated(e, flow, location, reason);
    }

    private static void assertLocated(TwinFormatException e, Path file, String location, String reason) {
        assertThat(e).as("expected a TwinFormatException for %s", file).isNotNull();
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.location()).isEqualTo(location);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith(file + ": ").contains(location).contains(reason);
    }
}
