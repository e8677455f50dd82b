package org.citybrain.twin.format.cityflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.Turn;
import org.citybrain.twin.VehicleType;

class CityFlowWriterTest {
    private static final Path HANGZHOU_ROADNET = CityFlowReaderTest.HANGZHOU_ROADNET;
    private static final Path HANGZHOU_FLOW = CityFlowReaderTest.HANGZHOU_FLOW;
    private static final Path SMALL_ROADNET = CityFlowReaderTest.FIXTURES.resolve("small_roadnet.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CityFlowReader reader = new CityFlowReader();

    @TempDir
    Path dir;

    @Test
    void roundTripsHangzhouRoadnetToAnEqualNetwork() {
        RoadNetwork original = reader.readNetwork(HANGZHOU_ROADNET);
        Path out = dir.resolve("roadnet.json");

        CityFlowWriter.writeRoadnet(original, out);
        RoadNetwork again = reader.readNetwork(out);

        assertThat(again.intersections()).isEqualTo(original.intersections());
        assertThat(again.roads()).isEqualTo(original.roads());
    }

    @Test
    void roundTripsAKddCupNetworkWithTheRoadLengthsItsFileDeclares() {
        RoadNetwork original = new org.citybrain.twin.format.kdd.KddCupReader()
                .readNetwork(Path.of("../scenarios/nanchang_kddcup2021/roadnet_warm_up.txt"));
        Path out = dir.resolve("roadnet.json");

        CityFlowWriter.writeRoadnet(original, out);
        RoadNetwork again = reader.readNetwork(out);

        assertThat(again.roads()).isEqualTo(original.roads());
        assertThat(again.road("1").orElseThrow().length()).isEqualTo(177.0);
    }

    @Test
    void roundTripsHangzhouFlowsToEqualFlows() {
        Scenario original = reader.read(HANGZHOU_ROADNET, HANGZHOU_FLOW);
        Path roadnet = dir.resolve("roadnet.json");
        Path flow = dir.resolve("flow.json");

        CityFlowWriter.writeRoadnet(original.network(), roadnet);
        CityFlowWriter.writeFlows(original.flows(), flow);
        Scenario again = reader.read(roadnet, flow);

        assertThat(again.flows()).isEqualTo(original.flows());
    }

    @Test
    void writesTheFieldsCityFlowRequiresAsTheHangzhouFileHasThem() throws IOException {
        Path out = dir.resolve("roadnet.json");
        CityFlowWriter.writeRoadnet(reader.readNetwork(HANGZHOU_ROADNET), out);

        JsonNode original = JSON.readTree(HANGZHOU_ROADNET.toFile());
        JsonNode written = JSON.readTree(out.toFile());
        for (int i = 0; i < original.get("intersections").size(); i++) {
            JsonNode was = original.get("intersections").get(i);
            JsonNode is = written.get("intersections").get(i);
            assertThat(is.get("id")).isEqualTo(was.get("id"));
            assertThat(is.get("virtual")).isEqualTo(was.get("virtual"));
            assertThat(texts(is.get("roads"))).isEqualTo(texts(was.get("roads")));
            for (int k = 0; k < was.get("roadLinks").size(); k++) {
                assertThat(is.get("roadLinks").get(k).get("direction").asInt())
                        .as("direction of %s road link %d", was.get("id"), k)
                        .isEqualTo(was.get("roadLinks").get(k).get("direction").asInt());
            }
            if (!was.get("virtual").asBoolean()) {
                assertThat(is.get("trafficLight").get("roadLinkIndices"))
                        .isEqualTo(was.get("trafficLight").get("roadLinkIndices"));
                assertThat(is.get("width").asDouble()).isEqualTo(was.get("width").asDouble());
            }
        }
    }

    @Test
    void writesUnsignalisedIntersectionAsOneAlwaysGreenPhaseThatReadsBackUnsignalised() throws IOException {
        RoadNetwork net = withCentre(in -> new Intersection(in.id(), in.point(), in.width(), false, in.roadLinks(),
                Optional.empty()));
        Path out = dir.resolve("roadnet.json");

        CityFlowWriter.writeRoadnet(net, out);

        JsonNode light = JSON.readTree(out.toFile()).get("intersections").get(1).get("trafficLight");
        assertThat(light.get("lightphases")).hasSize(1);
        assertThat(light.get("lightphases").get(0).get("availableRoadLinks").toString()).isEqualTo("[0,1]");
        assertThat(light.get("lightphases").get(0).get("time").asDouble()).isPositive();
        assertThat(reader.readNetwork(out).intersections()).isEqualTo(net.intersections());
    }

    @Test
    void writesUTurnAsTurnLeftSinceCityFlowHasNoUTurn() throws IOException {
        RoadLink uTurn = new RoadLink(Turn.U_TURN, "road_e_c", "road_c_e", List.of(new LaneLink(0, 0, List.of())));
        RoadNetwork net = withCentre(in -> {
            List<RoadLink> links = new ArrayList<>(in.roadLinks());
            links.add(uTurn);
            return new Intersection(in.id(), in.point(), in.width(), false, links, in.signal());
        });
        Path out = dir.resolve("roadnet.json");

        CityFlowWriter.writeRoadnet(net, out);

        JsonNode written = JSON.readTree(out.toFile()).get("intersections").get(1).get("roadLinks").get(2);
        assertThat(written.get("type").asText()).isEqualTo("turn_left");
        assertThat(written.get("direction").asInt()).isEqualTo(2);
        assertThat(reader.readNetwork(out).intersection("centre").orElseThrow().roadLinks().get(2).turn())
                .isEqualTo(Turn.LEFT);
    }

    @Test
    void writesWholeFlowTimesAsIntegersBecauseCityFlowReadsThemAsInt() throws IOException {
        List<Flow> flows = List.of(
                new Flow("a", VehicleType.DEFAULT, List.of("road_w_c", "road_c_e"), 2.5, 10, -1),
                new Flow("b", VehicleType.DEFAULT, List.of("road_w_c"), 1, 0.5, 20.25));
        Path out = dir.resolve("flow.json");

        CityFlowWriter.writeFlows(flows, out);

        JsonNode written = JSON.readTree(out.toFile());
        assertThat(written.get(0).get("startTime").isInt()).isTrue();
        assertThat(written.get(0).get("endTime").asInt()).isEqualTo(-1);
        assertThat(written.get(0).get("interval").asDouble()).isEqualTo(2.5);
        assertThat(written.get(1).get("startTime").asDouble()).isEqualTo(0.5);
        assertThat(reader.read(SMALL_ROADNET, out).flows())
                .extracting(Flow::id, Flow::startTime, Flow::endTime)
                .containsExactly(tuple("flow_0", 10.0, -1.0),
                        tuple("flow_1", 0.5, 20.25));
    }

    private RoadNetwork withCentre(UnaryOperator<Intersection> change) {
        RoadNetwork small = reader.readNetwork(SMALL_ROADNET);
        RoadNetwork.Builder builder = RoadNetwork.builder("test");
        for (Intersection in : small.intersections()) {
            builder.add(in.id().equals("centre") ? change.apply(in) : in, in.id());
        }
        for (Road road : small.roads()) {
            builder.add(road, road.id());
        }
        return builder.build();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
