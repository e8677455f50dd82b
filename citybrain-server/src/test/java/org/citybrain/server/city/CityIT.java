package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole loop in one server: the Hangzhou 4x4 city at 100x real time publishes over the
 * embedded broker, and what it measured shows on the entities of the NGSI-LD API.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + CityIT.ADMIN, "citybrain.mqtt.port=0", "citybrain.city.speed=100",
            "citybrain.city.detector-interval=10s", "citybrain.congestion.interval=60s"})
@DirtiesContext // its city stops with its server instead of running on beside the next tests
class CityIT {
    static final String ADMIN = "admin-token-for-the-city-tests";
    static final Path data = TestData.newDirectory();
    static final Path SCENARIO = Path.of("..", "scenarios", "hangzhou_4x4");

    @LocalServerPort
    int port;
    @Autowired
    VirtualCity city;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CityControl control;
    @Autowired
    CityEmergency emergency;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        hangzhou(registry, data);
    }

    /** A server test's settings for the demo's city, Hangzhou 4x4 with its real flow, its stores in {@code data}. */
    static void hangzhou(DynamicPropertyRegistry registry, Path data) {
        registry.add("citybrain.data-dir", data::toString);
        registry.add("citybrain.city.roadnet", () -> SCENARIO.resolve("roadnet_4_4.json").toString());
        registry.add("citybrain.city.flow", () -> SCENARIO.resolve("anon_4_4_hangzhou_real.json").toString());
    }

    static <T> T eventually(Duration limit, Supplier<T> attempt) {
        long end = System.nanoTime() + limit.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < end) {
            try {
                return attempt.get();
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw last;
    }

    JsonNode entity(String id) {
        ServerClient.Response r = new ServerClient(port).get("/ngsi-ld/v1/entities/" + id, ADMIN);
        assertThat(r.status()).as(id + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theStaticTwinIsPublishedAsEntitiesOfTheContract() {
        JsonNode road = entity("urn:ngsi-ld:RoadSegment:road_0_1_0");
        assertThat(road.get("type").asText()).isEqualTo("RoadSegment");
        assertThat(road.at("/location/value/type").asText()).isEqualTo("LineString");
        // Gudang, Hangzhou: the default origin
        assertThat(road.at("/location/value/coordinates/0/0").asDouble()).isBetween(120.0, 120.3);
        assertThat(road.at("/location/value/coordinates/0/1").asDouble()).isBetween(30.2, 30.4);
        assertThat(road.at("/laneCount/value").asInt()).isEqualTo(3);
        assertThat(road.at("/length/value").asDouble()).isBetween(0.1, 1.0);
        assertThat(road.at("/maximumAllowedSpeed/value").asDouble()).isGreaterThan(0);

        JsonNode signal = entity("urn:ngsi-ld:TrafficSignal:intersection_1_1");
        assertThat(signal.at("/location/value/type").asText()).isEqualTo("Point");
        assertThat(signal.at("/district/value").asText()).isEqualTo("city");
        assertThat(signal.at("/controller/value").asText()).isEqualTo("plan");

        JsonNode lane = entity("urn:ngsi-ld:TrafficFlowObserved:road_0_1_0_1");
        assertThat(lane.at("/refRoadSegment/object").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:road_0_1_0");

        JsonNode camera = entity("urn:ngsi-ld:TrafficApproachObserved:intersection_1_1");
        assertThat(camera.at("/refTrafficSignal/object").asText()).isEqualTo("urn:ngsi-ld:TrafficSignal:intersection_1_1");
        assertThat(camera.at("/range/value").asDouble()).isEqualTo(200.0);
        // four roads of three lanes into the intersection, each named as its lane detector's entity
        assertThat(camera.at("/lanes/value")).hasSize(12);
        assertThat(camera.at("/lanes/value/0").asText()).matches("road_\\d_\\d_\\d_\\d");
    }

    @Test
    void readingsArriveThroughMqttAndShowOnTheEntities() {
        eventually(Duration.ofSeconds(60), () -> {
            JsonNode lane = entity("urn:ngsi-ld:TrafficFlowObserved:road_0_1_0_1");
            assertThat(lane.at("/intensity/value").isNumber()).as(lane.toString()).isTrue();
            assertThat(lane.at("/occupancy/value").asDouble()).isBetween(0.0, 1.0);
            assertThat(lane.at("/averageVehicleSpeed/value").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(lane.at("/queueLength/value").isNumber()).isTrue();
            assertThat(lane.at("/intensity/observedAt").isTextual()).isTrue();
            return lane;
        });
        eventually(Duration.ofSeconds(30), () -> {
            JsonNode signal = entity("urn:ngsi-ld:TrafficSignal:intersection_1_1");
            assertThat(signal.at("/currentPhase/value").isInt()).as(signal.toString()).isTrue();
            JsonNode park = entity("urn:ngsi-ld:OffStreetParking:carpark-1");
            assertThat(park.at("/totalSpotNumber/value").asInt()).isEqualTo(CityModel.CAR_PARK_SPACES);
            assertThat(park.at("/availableSpotNumber/value").asInt()).as(park.toString()).isBetween(0, CityModel.CAR_PARK_SPACES);
            return park;
        });
        // through the broker, not a shortcut: the MQTT transport's readings counter
        assertThat(meters.get("citybrain.ingest.readings").tag("transport", "mqtt").counter().count()).isPositive();
        assertThat(city.devices().failed()).isZero();
    }

    @Test
    void theCongestionIndexFollowsTheCityInDemoTime() {
        eventually(Duration.ofSeconds(60), () -> {
            JsonNode index = entity("urn:ngsi-ld:CongestionIndex:city");
            assertThat(index.at("/travelTimeIndex/value").asDouble()).isGreaterThanOrEqualTo(1.0);
            return index;
        });
    }

    ServerClient.Response send(String method, String path, String body) {
        return new ServerClient(port).send(method, path, ADMIN, body, "application/json");
    }

    @Test
    void anOperatorsPhaseCommandReachesTheEngineOverMqttAndIsAppliedSafely() {
        assertThat(send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(200);
        ServerClient.Response r = send("POST", "/api/city/signals/intersection_2_2/phase", "{\"phase\":3}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(city.signals().commanded("intersection_2_2")).isTrue();
            assertThat(city.signals().phase("intersection_2_2")).isEqualTo(3);
            // and the signal reported it back through the hub
            assertThat(entity("urn:ngsi-ld:TrafficSignal:intersection_2_2").at("/currentPhase/value").asInt()).isEqualTo(3);
            return r;
        });
        ServerClient.Response yellow = send("POST", "/api/city/signals/intersection_2_2/phase", "{\"phase\":0}");
        assertThat(yellow.status()).isEqualTo(400);
        assertThat(yellow.body()).contains("can be commanded phases [1, 2, 3, 4], not 0");
        assertThat(send("POST", "/api/city/signals/nowhere/phase", "{\"phase\":1}").status()).isEqualTo(404);
        assertThat(new ServerClient(port).send("POST", "/api/city/signals/intersection_2_2/phase", "viewer-has-no-token",
                "{\"phase\":1}", "application/json").status()).isEqualTo(401);
        // back to the plan for the other tests
        assertThat(send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(200);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(city.signals().commanded("intersection_2_2")).isFalse();
            return r;
        });
    }

    @Test
    void aDistrictSwitchedToMaxPressureIsControlledByThePlatformFromItsReadings() {
        JsonNode districts = new ServerClient(port).get("/api/city/districts", ADMIN).json();
        assertThat(districts).hasSize(1);
        assertThat(districts.get(0).get("district").asText()).isEqualTo("city");
        assertThat(districts.get(0).get("intersections")).hasSize(16);
        long before = control.decisionsTimed();

        ServerClient.Response r = send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"maxpressure\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("controller").asText()).isEqualTo("maxpressure");
        assertThat(entity("urn:ngsi-ld:TrafficSignal:intersection_1_1").at("/controller/value").asText()).isEqualTo("maxpressure");
        eventually(Duration.ofSeconds(60), () -> {
            assertThat(control.decisionsTimed()).isGreaterThan(before + 16);
            assertThat(city.model().signals()).allMatch(in -> city.signals().commanded(in.id()));
            return r;
        });
        JsonNode status = new ServerClient(port).get("/api/city", ADMIN).json();
        assertThat(status.at("/controlLatency/p99Millis").asDouble()).isPositive();

        ServerClient.Response unknown = send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"fuzzy\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown controller 'fuzzy'");
        assertThat(send("PUT", "/api/city/districts/atlantis/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(404);

        assertThat(send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(200);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(city.model().signals()).noneMatch(in -> city.signals().commanded(in.id()));
            return r;
        });
    }

    record Shown(String intersection, int phase, double time) {
    }

    @Test
    void aDistrictSwitchedToBrainIsControlledFromCamerasAndDetectorsAndItsSignalsChangeSafely() {
        // the cameras' frames arrive through MQTT like any reading: per lane, [distance m, speed km/h] nearest first
        eventually(Duration.ofSeconds(60), () -> {
            JsonNode camera = entity("urn:ngsi-ld:TrafficApproachObserved:intersection_2_2");
            JsonNode lanes = camera.at("/vehicles/value");
            assertThat(lanes).as(camera.toString()).hasSize(12);
            int seen = 0;
            for (JsonNode lane : lanes) {
                double last = -1;
                for (JsonNode v : lane) {
                    assertThat(v.get(0).asDouble()).isBetween(last, Cameras.RANGE);
                    assertThat(v.get(1).asDouble()).isGreaterThanOrEqualTo(0);
                    last = v.get(0).asDouble();
                    seen++;
                }
            }
            assertThat(seen).as("vehicles seen at intersection_2_2").isPositive();
            return camera;
        });

        List<Shown> shown = java.util.Collections.synchronizedList(new ArrayList<>());
        city.watchPhases((in, phase, t) -> shown.add(new Shown(in, phase, t)));
        long before = control.decisionsTimed();
        ServerClient.Response r = send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"brain\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("controllers").toString()).contains("brain");
        assertThat(entity("urn:ngsi-ld:TrafficSignal:intersection_1_1").at("/controller/value").asText()).isEqualTo("brain");
        eventually(Duration.ofSeconds(60), () -> {
            assertThat(control.decisionsTimed()).isGreaterThan(before + 16);
            assertThat(city.model().signals()).allMatch(in -> city.signals().commanded(in.id()));
            return r;
        });
        int from = shown.size();
        // a few minutes of simulated time under the brain
        eventually(Duration.ofSeconds(60), () -> {
            assertThat(shown.size() - from).isGreaterThan(100);
            return r;
        });
        city.watchPhases((in, phase, t) -> { });
        List<Shown> underBrain;
        synchronized (shown) {
            underBrain = new ArrayList<>(shown.subList(from, shown.size()));
        }
        Map<String, List<Shown>> byIntersection = new java.util.TreeMap<>();
        underBrain.forEach(s -> byIntersection.computeIfAbsent(s.intersection(), k -> new ArrayList<>()).add(s));
        assertThat(byIntersection.keySet()).as("intersections whose phase changed under the brain").hasSizeGreaterThan(8);
        Set<Integer> greens = new java.util.HashSet<>();
        byIntersection.forEach((in, seq) -> {
            for (int k = 1; k < seq.size(); k++) {
                Shown a = seq.get(k - 1);
                Shown b = seq.get(k);
                if (b.time() < a.time()) {
                    continue; // the flow started again (a loop)
                }
                if (b.phase() != FieldSignals.YELLOW_PHASE) {
                    greens.add(b.phase());
                    assertThat(a.phase()).as(in + ": yellow before the green at " + b.time() + " s").isEqualTo(FieldSignals.YELLOW_PHASE);
                    assertThat(b.time() - a.time()).as(in + ": the yellow's length before " + b.time() + " s")
                            .isGreaterThanOrEqualTo(FieldSignals.YELLOW - 1e-9);
                } else if (k > 1 && seq.get(k - 2).time() <= a.time()) {
                    assertThat(b.time() - a.time()).as(in + ": green " + a.phase() + " from " + a.time() + " s")
                            .isGreaterThanOrEqualTo(FieldSignals.MIN_GREEN - 1e-9);
                }
            }
        });
        assertThat(greens).as("greens the brain chose").hasSizeGreaterThan(1);

        assertThat(send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(200);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(city.model().signals()).noneMatch(in -> city.signals().commanded(in.id()));
            return r;
        });
    }

    @Test
    void anEmergencyTripGetsTheSignalsAlongItsRouteAndTheirPlanBackOnceItHasPassed() {
        assertThat(send("PUT", "/api/city/districts/city/controller", "{\"controller\":\"plan\"}").status()).isEqualTo(200);
        long before = emergency.preemptions();
        // early enough in the flow for the trip to finish before the city loops
        eventually(Duration.ofSeconds(90), () -> {
            assertThat(city.time()).isBetween(30.0, 2400.0);
            return city;
        });
        // row 1 west to east: four signals on the way
        ServerClient.Response trip = send("POST", "/api/city/incidents", "{\"kind\":\"emergency\",\"route\":[\"road_0_1_0\","
                + "\"road_1_1_0\",\"road_2_1_0\",\"road_3_1_0\",\"road_4_1_0\"]}");
        assertThat(trip.status()).as(trip.body()).isEqualTo(201);
        assertThat(trip.json().get("priority").asBoolean()).isTrue();
        String vehicle = trip.json().get("vehicle").asText();
        assertThat(vehicle).startsWith("urn:ngsi-ld:Vehicle:emergency-");
        // its transponder reports through the hub like any device
        eventually(Duration.ofSeconds(30), () -> {
            JsonNode v = entity(vehicle);
            assertThat(v.at("/refRoadSegment/object").asText()).as(v.toString()).startsWith("urn:ngsi-ld:RoadSegment:road_");
            assertThat(v.at("/location/value/type").asText()).isEqualTo("Point");
            return v;
        });
        JsonNode done = eventually(Duration.ofSeconds(60), () -> {
            JsonNode i = incident(trip.json().get("id").asText());
            assertThat(i.get("state").asText()).as(i.toString()).isEqualTo("finished");
            return i;
        });
        assertThat(done.get("travelTime").asDouble()).isPositive();
        // the four signals were pre-empted (unless one already showed the vehicle's green when it called)
        assertThat(emergency.preemptions() - before).isBetween(1L, 4L);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(city.model().signals()).noneMatch(in -> city.signals().commanded(in.id()));
            assertThat(entity(vehicle).at("/serviceStatus/value").asText()).isEqualTo("parked");
            return done;
        });
        ServerClient.Response bad = send("POST", "/api/city/incidents", "{\"kind\":\"emergency\",\"priority\":\"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("priority");
    }

    JsonNode incident(String id) {
        for (JsonNode i : new ServerClient(port).get("/api/city/incidents", ADMIN).json()) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no incident " + id);
    }

    @Test
    void aSurgeAndAnEmergencyTripRunInTheCity() {
        ServerClient.Response surge = send("POST", "/api/city/incidents", "{\"kind\":\"surge\",\"factor\":2,\"minutes\":5}");
        assertThat(surge.status()).as(surge.body()).isEqualTo(201);
        ServerClient.Response emergency = send("POST", "/api/city/incidents", "{\"kind\":\"emergency\"}");
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(201);
        assertThat(emergency.json().get("route").size()).isGreaterThan(1);
        eventually(Duration.ofSeconds(60), () -> {
            JsonNode all = new ServerClient(port).get("/api/city/incidents", ADMIN).json();
            for (JsonNode i : all) {
                if (i.get("id").asText().equals(emergency.json().get("id").asText())) {
                    assertThat(i.get("state").asText()).isIn("finished", "ended by the loop's restart");
                }
                if (i.get("id").asText().equals(surge.json().get("id").asText())) {
                    assertThat(i.get("state").asText()).isIn("ended", "ended by the loop's restart");
                }
            }
            return all;
        });
        assertThat(send("POST", "/api/city/incidents", "{\"kind\":\"surge\",\"factor\":20,\"minutes\":5}").status())
                .isEqualTo(400);
    }
}
