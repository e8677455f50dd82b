package org.citybrain.twin.format.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.Turn;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SUMO port of the Hangzhou 4x4 scenario, read with {@link SumoReader} and compared with the
 * CityFlow original (read here as plain JSON, independently of any twin reader).
 */
class HangzhouSumoIT {
    private static final Path SUMO = Path.of("../scenarios/hangzhou_4x4_sumo");
    private static final Path NET = SUMO.resolve("hangzhou_4x4_gudang_18041610_1h.net.xml");
    private static final Path ROUTES = SUMO.resolve("hangzhou_4x4_gudang_18041610_1h.rou.xml");
    private static final Path CITYFLOW = Path.of("../scenarios/hangzhou_4x4");

    private static Scenario scenario;
    private static RoadNetwork net;
    private static JsonNode cityFlowRoadnet;
    private static JsonNode cityFlowFlows;

    @BeforeAll
    static void load() throws IOException {
        scenario = new SumoReader().read(NET, ROUTES);
        net = scenario.network();
        ObjectMapper json = new ObjectMapper();
        cityFlowRoadnet = json.readTree(CITYFLOW.resolve("roadnet_4_4.json").toFile());
        cityFlowFlows = json.readTree(CITYFLOW.resolve("anon_4_4_hangzhou_real.json").toFile());
    }

    @Test
    void isDetectedAsSumo() {
        assertThat(ScenarioFormat.detect(NET)).isEqualTo(ScenarioFormat.SUMO);
    }

    @Test
    void hasSixteenSignalisedIntersectionsInsideSixteenVirtualOnes() {
        assertThat(net.intersections()).hasSize(32);
        assertThat(net.roads()).hasSize(80);
        assertThat(net.intersections()).filteredOn(i -> i.signal().isPresent()).hasSize(16);
        assertThat(net.intersections()).filteredOn(Intersection::virtual).hasSize(16)
                .allSatisfy(i -> assertThat(i.roadLinks()).isEmpty());
    }

    @Test
    void hasTheCityFlowRoadsAndSignalisedIntersections() {
        Set<String> roads = new HashSet<>();
        cityFlowRoadnet.get("roads").forEach(r -> roads.add(r.get("id").asText()));
        assertThat(net.roads()).extracting(Road::id).containsExactlyInAnyOrderElementsOf(roads);
        Set<String> real = new HashSet<>();
        cityFlowRoadnet.get("intersections").forEach(i -> {
            if (!i.get("virtual").asBoolean()) {
                real.add(i.get("id").asText());
            }
        });
        assertThat(net.intersections()).filteredOn(i -> i.signal().isPresent()).extracting(Intersection::id)
                .containsExactlyInAnyOrderElementsOf(real);
    }

    @Test
    void laneLinksMatchCityFlowAfterRenumberingLanes() {
        Set<String> cityFlow = new HashSet<>();
        for (JsonNode i : cityFlowRoadnet.get("intersections")) {
            for (JsonNode l : i.get("roadLinks")) {
                for (JsonNode ll : l.get("laneLinks")) {
                    cityFlow.add(i.get("id").asText() + " " + l.get("startRoad").asText() + "#"
                            + ll.get("startLaneIndex").asInt() + " -> " + l.get("endRoad").asText() + "#"
                            + ll.get("endLaneIndex").asInt() + " " + l.get("type").asText());
                }
            }
        }
        Set<String> sumo = new HashSet<>();
        for (Intersection i : net.intersections()) {
            for (RoadLink l : i.roadLinks()) {
                for (LaneLink ll : l.laneLinks()) {
                    sumo.add(i.id() + " " + l.startRoad() + "#" + ll.startLane() + " -> " + l.endRoad() + "#"
                            + ll.endLane() + " " + l.turn().cityFlowName());
                }
            }
        }
        assertThat(sumo).hasSize(576).isEqualTo(cityFlow);
    }

    @Test
    void laneLinksFollowTheInternalLaneShapes() {
        for (Intersection i : net.intersections()) {
            for (RoadLink l : i.roadLinks()) {
                assertThat(l.laneLinks()).allSatisfy(ll -> assertThat(ll.points()).hasSizeGreaterThanOrEqualTo(2));
            }
        }
    }

    @Test
    void trimmingRoadsByIntersectionWidthGivesSumoLaneLengths() throws Exception {
        Map<String, Double> laneLengths = sumoLaneLengths();
        assertThat(net.intersections()).filteredOn(i -> !i.virtual())
                .allSatisfy(i -> assertThat(i.width()).isEqualTo(13.6));
        for (Road r : net.roads()) {
            double trimmed = r.length() - width(r.startIntersection()) - width(r.endIntersection());
            for (int k = 0; k < r.lanes().size(); k++) {
                String sumoLane = r.id() + "_" + (r.lanes().size() - 1 - k);
                assertThat(trimmed).as(sumoLane).isCloseTo(laneLengths.get(sumoLane), within(1e-6));
            }
        }
    }

    /** The {@code length} attribute of every lane of a normal edge, by lane id. */
    private static Map<String, Double> sumoLaneLengths() throws Exception {
        Map<String, Double> lengths = new HashMap<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = Files.newInputStream(NET)) {
            XMLStreamReader xml = f.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("lane")
                        && !xml.getAttributeValue(null, "id").startsWith(":")) {
                    lengths.put(xml.getAttributeValue(null, "id"),
                            Double.parseDouble(xml.getAttributeValue(null, "length")));
                }
            }
        }
        return lengths;
    }

    @Test
    void signalPlanKeepsSumoPhasesWithRightTurnsOnRed() {
        Intersection i = net.intersection("intersection_1_1").orElseThrow();
        List<Phase> phases = i.signal().orElseThrow().phases();
        assertThat(phases).hasSize(16);
        assertThat(i.signal().get().cycleSeconds()).isEqualTo(280);
        Set<Integer> rightTurns = new HashSet<>();
        for (int k = 0; k < i.roadLinks().size(); k++) {
            if (i.roadLinks().get(k).turn() == Turn.RIGHT) {
                rightTurns.add(k);
            }
        }
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            if (p % 2 == 0) {
                assertThat(phase.seconds()).isEqualTo(30);
                assertThat(phase.roadLinks()).hasSize(6).containsAll(rightTurns);
            } else {
                // SUMO's 5 s phases show 's' (stop, then go) to right turns and red to the rest
                assertThat(phase.seconds()).isEqualTo(5);
                assertThat(phase.roadLinks()).containsExactlyInAnyOrderElementsOf(rightTurns);
            }
        }
    }

    @Test
    void greenPhasesComeInTheCityFlowOrder() {
        for (JsonNode ci : cityFlowRoadnet.get("intersections")) {
            if (ci.get("virtual").asBoolean()) {
                continue;
            }
            List<Set<String>> cityFlow = new ArrayList<>();
            for (JsonNode phase : ci.get("trafficLight").get("lightphases")) {
                if (phase.get("time").asDouble() == 30) {
                    Set<String> moves = new HashSet<>();
                    phase.get("availableRoadLinks").forEach(k -> {
                        JsonNode link = ci.get("roadLinks").get(k.asInt());
                        moves.add(link.get("startRoad").asText() + ">" + link.get("endRoad").asText());
                    });
                    cityFlow.add(moves);
                }
            }
            Intersection si = net.intersection(ci.get("id").asText()).orElseThrow();
            List<Set<String>> sumo = new ArrayList<>();
            for (Phase phase : si.signal().orElseThrow().phases()) {
                if (phase.seconds() == 30) {
                    Set<String> moves = new HashSet<>();
                    for (int k : phase.roadLinks()) {
                        moves.add(si.roadLinks().get(k).startRoad() + ">" + si.roadLinks().get(k).endRoad());
                    }
                    sumo.add(moves);
                }
            }
            assertThat(sumo).as(si.id()).isEqualTo(cityFlow);
        }
    }

    @Test
    void hasTheCityFlowVehiclesOneFlowEach() {
        assertThat(scenario.flows()).hasSize(2983);
        assertThat(scenario.flows()).allSatisfy(f -> assertThat(f.vehicleCount()).isEqualTo(1));
        Map<String, Integer> sumo = new HashMap<>();
        for (Flow f : scenario.flows()) {
            sumo.merge(f.startTime() + " " + f.route(), 1, Integer::sum);
        }
        Map<String, Integer> cityFlow = new HashMap<>();
        for (JsonNode f : cityFlowFlows) {
            List<String> route = new ArrayList<>();
            f.get("route").forEach(r -> route.add(r.asText()));
            cityFlow.merge(f.get("startTime").asDouble() + " " + route, 1, Integer::sum);
        }
        assertThat(sumo).isEqualTo(cityFlow);
    }

    @Test
    void everyRouteIsConnected() {
        for (Flow f : scenario.flows()) {
            for (int k = 1; k < f.route().size(); k++) {
                assertThat(net.connects(f.route().get(k - 1), f.route().get(k))).as(f.id()).isTrue();
            }
        }
    }

    private static double width(String intersection) {
        return net.intersection(intersection).orElseThrow().width();
    }

}
