package org.citybrain.twin.format.geojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.citybrain.twin.GeoReference;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.format.cityflow.CityFlowReader;

class GeoJsonWriterTest {
    private static final Path HANGZHOU_ROADNET = Path.of("../scenarios/hangzhou_4x4/roadnet_4_4.json");
    private static final GeoReference GUDANG = new GeoReference(30.2830, 120.1180);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final RoadNetwork hangzhou = new CityFlowReader().readNetwork(HANGZHOU_ROADNET);

    @Test
    void writesOneLineStringPerRoadThenOnePointPerIntersection() throws IOException {
        JsonNode features = write(hangzhou, GUDANG).get("features");

        assertThat(features).hasSize(80 + 32);
        for (int i = 0; i < features.size(); i++) {
            assertThat(features.get(i).get("type").asText()).isEqualTo("Feature");
            assertThat(features.get(i).get("geometry").get("type").asText()).isEqualTo(i < 80 ? "LineString" : "Point");
        }
    }

    @Test
    void placesThePlaneOriginAtTheGivenGeoOriginInLonLatOrder() throws IOException {
        JsonNode features = write(hangzhou, GUDANG).get("features");

        JsonNode centre = feature(features, "intersection_1_1");
        assertThat(centre.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(120.118);
        assertThat(centre.get("geometry").get("coordinates").get(1).asDouble()).isEqualTo(30.283);
        JsonNode road = feature(features, "road_0_1_0").get("geometry").get("coordinates");
        double[] westEnd = GUDANG.toLonLat(new Point(-800, 0));
        assertThat(road).hasSize(2);
        assertThat(road.get(0).get(0).asDouble()).isCloseTo(westEnd[0], within(1e-7)).isLessThan(120.118);
        assertThat(road.get(0).get(1).asDouble()).isCloseTo(30.283, within(1e-7));
    }

    @Test
    void writesRoadAndIntersectionProperties() throws IOException {
        JsonNode features = write(hangzhou, GUDANG).get("features");

        JsonNode road = feature(features, "road_0_1_0").get("properties");
        assertThat(road.get("startIntersection").asText()).isEqualTo("intersection_0_1");
        assertThat(road.get("endIntersection").asText()).isEqualTo("intersection_1_1");
        assertThat(road.get("lanes").asInt()).isEqualTo(3);
        assertThat(road.get("length").asDouble()).isEqualTo(800);
        assertThat(road.get("maxSpeed").asDouble()).isEqualTo(11.111);
        JsonNode signalised = feature(features, "intersection_1_1").get("properties");
        assertThat(signalised.get("virtual").asBoolean()).isFalse();
        assertThat(signalised.get("signalised").asBoolean()).isTrue();
        assertThat(signalised.get("phases").asInt()).isEqualTo(9);
        JsonNode boundary = feature(features, "intersection_0_1").get("properties");
        assertThat(boundary.get("virtual").asBoolean()).isTrue();
        assertThat(boundary.get("signalised").asBoolean()).isFalse();
        assertThat(boundary.get("phases").asInt()).isZero();
    }

    @Test
    void prefersTheNetworksOwnGeoReferenceOverTheOrigin() throws IOException {
        GeoReference own = new GeoReference(28.68, 115.86);
        RoadNetwork.Builder builder = RoadNetwork.builder("test").geoReference(own);
        hangzhou.intersections().forEach((Intersection in) -> builder.add(in, in.id()));
        hangzhou.roads().forEach((Road r) -> builder.add(r, r.id()));

        JsonNode centre = feature(write(builder.build(), GUDANG).get("features"), "intersection_1_1");

        assertThat(centre.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(115.86);
        assertThat(centre.get("geometry").get("coordinates").get(1).asDouble()).isEqualTo(28.68);
    }

    @Test
    void needsAnOriginWhenTheNetworkHasNoGeoReference() {
        assertThatNullPointerException().isThrownBy(() -> GeoJsonWriter.write(hangzhou, null, dir.resolve("x.json")))
                .withMessageContaining("origin");
    }

    private JsonNode write(RoadNetwork network, GeoReference origin) throws IOException {
        Path out = dir.resolve("network.geojson");
        GeoJsonWriter.write(network, origin, out);
        JsonNode root = JSON.readTree(out.toFile());
        assertThat(root.get("type").asText()).isEqualTo("FeatureCollection");
        return root;
    }

    private static JsonNode feature(JsonNode features, String id) {
        for (JsonNode f : features) {
            if (f.get("properties").get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + id);
    }
}
