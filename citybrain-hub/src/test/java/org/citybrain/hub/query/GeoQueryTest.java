package org.citybrain.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.function.Function;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.GeoProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NGSI-LD geo-queries, one rule per test. Geometries as GeoJSON text, as in the API. */
class GeoQueryTest {
    /** A 10 x 10 degree square at the origin with a 2 x 2 hole at (4..6, 4..6). */
    static final String SQUARE_WITH_HOLE =
            "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]";

    static Entity at(String geometryJson) {
        return Entity.of("urn:ngsi-ld:X:1", "X").withAttribute("location", GeoProperty.of(EntityJson.parse(geometryJson)));
    }

    static Entity point(double lon, double lat) {
        return at("{\"type\": \"Point\", \"coordinates\": [" + lon + "," + lat + "]}");
    }

    static GeoQuery query(String georel, String geometry, String coordinates) {
        return GeoQuery.parse(georel, geometry, coordinates, Optional.empty(), Function.identity());
    }

    @Test
    void nearWithMaxDistanceKeepsEntitiesWithinThatDistance() {
        // Madrid Puerta del Sol; one degree of latitude is about 111.2 km on the sphere
        GeoQuery near = query("near;maxDistance==1000", "Point", "[-3.7038,40.4168]");

        assertThat(near.test(point(-3.7038, 40.4168 + 0.0089))).as("~990 m north").isTrue();
        assertThat(near.test(point(-3.7038, 40.4168 + 0.0091))).as("~1012 m north").isFalse();
    }

    @Test
    void nearWithMinDistanceKeepsEntitiesAtLeastThatFarAway() {
        GeoQuery far = query("near;minDistance==1000", "Point", "[-3.7038,40.4168]");

        assertThat(far.test(point(-3.7038, 40.4168 + 0.0091))).isTrue();
        assertThat(far.test(point(-3.7038, 40.4168))).isFalse();
    }

    @Test
    void distancesAreHaversineMetresOnTheMeanEarthSphere() {
        // one degree of longitude on the equator: 2 * pi * 6371008.8 / 360 = 111195.08 m
        assertThat(Shape.haversine(new double[] {0, 0}, new double[] {1, 0})).isCloseTo(111_195.08, org.assertj.core.data.Offset.offset(0.01));
        // Madrid to Barcelona, about 505 km
        assertThat(Shape.haversine(new double[] {-3.7038, 40.4168}, new double[] {2.1734, 41.3851}))
                .isBetween(504_000.0, 506_000.0);
    }

    @Test
    void nearMeasuresToTheClosestPointOfALineOrAreaNotItsVertices() {
        Entity road = at("{\"type\": \"LineString\", \"coordinates\": [[0,0],[0,1]]}");
        Entity area = at("{\"type\": \"Polygon\", \"coordinates\": " + SQUARE_WITH_HOLE + "}");

        // 0.5 degrees north along the line, 0.001 degrees (~111 m) east of it
        assertThat(query("near;maxDistance==120", "Point", "[0.001,0.5]").test(road)).isTrue();
        assertThat(query("near;maxDistance==100", "Point", "[0.001,0.5]").test(road)).isFalse();
        assertThat(query("near;maxDistance==1", "Point", "[2,2]").test(area)).as("inside").isTrue();
    }

    @ParameterizedTest(name = "({0}, {1}) within: {2}")
    @CsvSource({"2, 2, true", "5, 5, false", "11, 5, false", "0, 5, true", "4, 5, true", "5.5, 4.5, false"})
    void withinAPolygonMeansInsideItsOuterRingAndOutsideItsHolesEdgesIncluded(double lon, double lat, boolean expected) {
        assertThat(query("within", "Polygon", SQUARE_WITH_HOLE).test(point(lon, lat))).isEqualTo(expected);
    }

    @Test
    void aLineIsWithinAPolygonOnlyIfItNeverLeavesIt() {
        GeoQuery within = query("within", "Polygon", SQUARE_WITH_HOLE);

        assertThat(within.test(at("{\"type\": \"LineString\", \"coordinates\": [[1,1],[3,1],[3,3]]}"))).isTrue();
        assertThat(within.test(at("{\"type\": \"LineString\", \"coordinates\": [[1,1],[9,9]]}"))).as("through the hole").isFalse();
        assertThat(within.test(at("{\"type\": \"LineString\", \"coordinates\": [[1,1],[12,1]]}"))).isFalse();
    }

    @Test
    void aPolygonAroundAHoleIsNotWithinThePolygonWithTheHole() {
        GeoQuery within = query("within", "Polygon", SQUARE_WITH_HOLE);

        assertThat(within.test(at("{\"type\": \"Polygon\", \"coordinates\": [[[3,3],[7,3],[7,7],[3,7],[3,3]]]}"))).isFalse();
        assertThat(within.test(at("{\"type\": \"Polygon\", \"coordinates\": [[[1,1],[3,1],[3,3],[1,3],[1,1]]]}"))).isTrue();
    }

    @Test
    void containsIsWithinTheOtherWayRound() {
        Entity district = at("{\"type\": \"Polygon\", \"coordinates\": " + SQUARE_WITH_HOLE + "}");

        assertThat(query("contains", "Point", "[2,2]").test(district)).isTrue();
        assertThat(query("contains", "Point", "[5,5]").test(district)).isFalse();
        assertThat(query("contains", "LineString", "[[1,1],[2,9]]").test(district)).isTrue();
    }

    @Test
    void intersectsFindsCrossingEdgesEvenWithNoVertexInside() {
        Entity road = at("{\"type\": \"LineString\", \"coordinates\": [[-1,5],[11,5]]}");

        assertThat(query("intersects", "Polygon", SQUARE_WITH_HOLE).test(road)).isTrue();
        assertThat(query("intersects", "LineString", "[[5,-1],[5,11]]").test(road)).isTrue();
        assertThat(query("intersects", "LineString", "[[20,-1],[20,11]]").test(road)).isFalse();
        assertThat(query("intersects", "Polygon", "[[[4.5,4.5],[5.5,4.5],[5.5,5.5],[4.5,5.5],[4.5,4.5]]]")
                .test(at("{\"type\": \"Point\", \"coordinates\": [5,5]}"))).isTrue();
    }

    @Test
    void disjointIsTheOppositeOfIntersects() {
        assertThat(query("disjoint", "Polygon", SQUARE_WITH_HOLE).test(point(5, 5))).as("in the hole").isTrue();
        assertThat(query("disjoint", "Polygon", SQUARE_WITH_HOLE).test(point(2, 2))).isFalse();
    }

    @Test
    void equalsNeedsTheSameTypeAndPositions() {
        assertThat(query("equals", "Point", "[1,2]").test(point(1, 2))).isTrue();
        assertThat(query("equals", "Point", "[1,2.5]").test(point(1, 2))).isFalse();
        assertThat(query("equals", "MultiPoint", "[[1,2]]").test(point(1, 2))).isFalse();
    }

    @Test
    void multiGeometriesMatchThroughAnyOfTheirMembers() {
        GeoQuery within = query("within", "MultiPolygon",
                "[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]");

        assertThat(within.test(point(5.5, 5.5))).isTrue();
        assertThat(within.test(point(3, 3))).isFalse();
        assertThat(query("near;maxDistance==1000", "Point", "[10,10]")
                .test(at("{\"type\": \"MultiPoint\", \"coordinates\": [[0,0],[10,10.005]]}"))).isTrue();
    }

    @Test
    void theGeopropertyParameterChoosesTheAttributeAndIsExpanded() {
        Entity entity = Entity.of("urn:ngsi-ld:X:1", "X").withAttribute("https://example.org/area",
                GeoProperty.of(EntityJson.parse("{\"type\": \"Point\", \"coordinates\": [1,1]}")));
        Function<String, String> expand = term -> "https://example.org/" + term;

        assertThat(GeoQuery.parse("within", "Polygon", SQUARE_WITH_HOLE, Optional.of("area"), expand).test(entity)).isTrue();
        assertThat(query("within", "Polygon", SQUARE_WITH_HOLE).test(entity)).as("no location").isFalse();
        assertThat(query("disjoint", "Polygon", SQUARE_WITH_HOLE).test(entity)).as("no location").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', textBlock = """
            unknown relation       ¦ overlapping         ¦ Point   ¦ [1,2]        ¦ georel
            near without distance  ¦ near                ¦ Point   ¦ [1,2]        ¦ georel
            near with a bad one    ¦ near;maxDistance=5  ¦ Point   ¦ [1,2]        ¦ georel
            negative distance      ¦ near;maxDistance==-5 ¦ Point  ¦ [1,2]        ¦ georel
            modifier on within     ¦ within;maxDistance==5 ¦ Polygon ¦ [[[0,0],[1,0],[1,1],[0,0]]] ¦ georel
            unknown geometry       ¦ within              ¦ Circle  ¦ [1,2]        ¦ geometry
            near a polygon         ¦ near;maxDistance==5 ¦ Polygon ¦ [[[0,0],[1,0],[1,1],[0,0]]] ¦ geometry
            coordinates not JSON   ¦ within              ¦ Point   ¦ [1,          ¦ coordinates
            latitude out of range  ¦ intersects          ¦ Point   ¦ [1,95]       ¦ coordinates
            ring not closed        ¦ within              ¦ Polygon ¦ [[[0,0],[1,0],[1,1],[0,1]]] ¦ coordinates
            """)
    void invalidParametersAreBadRequestDataNamingTheParameter(String fault, String georel, String geometry,
            String coordinates, String parameter) {
        assertThatThrownBy(() -> query(georel, geometry, coordinates))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GEOQUERY);
                    assertThat(e.jsonPath()).isEqualTo(parameter);
                });
    }

    /** Clause 4.10, overlaps: of one dimension, sharing part of it, neither containing the other. */
    @Test
    void overlapsNeedsOneDimensionASharedPartAndNeitherContainingTheOther() {
        Entity district = at("{\"type\": \"Polygon\", \"coordinates\": " + SQUARE_WITH_HOLE + "}");
        assertThat(query("overlaps", "Polygon", "[[[8,8],[12,8],[12,12],[8,12],[8,8]]]").test(district)).as("a corner").isTrue();
        assertThat(query("overlaps", "Polygon", "[[[5,0],[15,0],[15,10],[5,10],[5,0]]]").test(district)).as("a half").isTrue();
        assertThat(query("overlaps", "Polygon", "[[[10,0],[12,0],[12,2],[10,2],[10,0]]]").test(district))
                .as("an edge touching").isFalse();
        assertThat(query("overlaps", "Polygon", "[[[1,1],[2,1],[2,2],[1,2],[1,1]]]").test(district)).as("inside").isFalse();
        assertThat(query("overlaps", "Polygon", "[[[-1,-1],[11,-1],[11,11],[-1,11],[-1,-1]]]").test(district))
                .as("around").isFalse();
        assertThat(query("overlaps", "Point", "[2,2]").test(district)).as("another dimension").isFalse();

        Entity road = at("{\"type\": \"LineString\", \"coordinates\": [[0,0],[4,0]]}");
        assertThat(query("overlaps", "LineString", "[[2,0],[6,0]]").test(road)).as("a stretch in common").isTrue();
        assertThat(query("overlaps", "LineString", "[[4,0],[6,0]]").test(road)).as("an end touching").isFalse();
        assertThat(query("overlaps", "LineString", "[[2,-1],[2,1]]").test(road)).as("crossing").isFalse();
        assertThat(query("overlaps", "LineString", "[[1,0],[3,0]]").test(road)).as("along it").isFalse();

        Entity stops = at("{\"type\": \"MultiPoint\", \"coordinates\": [[0,0],[1,1]]}");
        assertThat(query("overlaps", "MultiPoint", "[[1,1],[2,2]]").test(stops)).isTrue();
        assertThat(query("overlaps", "MultiPoint", "[[1,1]]").test(stops)).isFalse();
    }
}
