package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The geo-query language over HTTP (ETSI GS CIM 009 clause 4.10): {@code georel}, {@code geometry},
 * {@code coordinates} and {@code geoproperty} on {@code GET /entities}, on entities of a type of
 * their own near the equator (0.01 degree of longitude is 1,112 m there):
 *
 * <pre>
 * A: location Point [10, 0]
 * B: location Point [10.01, 0]                               (1,112 m east of A)
 * C: location Polygon, the square 10.1..10.2 x 0.1..0.2
 * D: location LineString [9.9, 0] to [9.9, 0.05]
 * E: no location
 * F: location Point [30, 30], observationSpace Point [20, 20]
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoQueryConformanceIT extends QueryConformance {
    private static final String AROUND_A_AND_B = "[[[9.95,-0.05],[10.05,-0.05],[10.05,0.05],[9.95,0.05],[9.95,-0.05]]]";
    private static final String SQUARE_C = "[[[10.1,0.1],[10.2,0.1],[10.2,0.2],[10.1,0.2],[10.1,0.1]]]";

    private final String type = freshType("Place");
    private final Map<String, String> ids = Map.of("A", id(type), "B", id(type), "C", id(type), "D", id(type),
            "E", id(type), "F", id(type));

    @BeforeAll
    void entities() {
        client = new ServerClient(port);
        place("A", "{\"type\":\"Point\",\"coordinates\":[10,0]}", "");
        place("B", "{\"type\":\"Point\",\"coordinates\":[10.01,0]}", "");
        place("C", "{\"type\":\"Polygon\",\"coordinates\":" + SQUARE_C + "}", "");
        place("D", "{\"type\":\"LineString\",\"coordinates\":[[9.9,0],[9.9,0.05]]}", "");
        create(entity(ids.get("E"), type, property("name", "\"nowhere\"")));
        place("F", "{\"type\":\"Point\",\"coordinates\":[30,30]}",
                "," + geoProperty("observationSpace", "{\"type\":\"Point\",\"coordinates\":[20,20]}"));
    }

    private void place(String letter, String location, String more) {
        create(entity(ids.get(letter), type, geoProperty("location", location) + more));
    }

    private ServerClient.Response geo(String georel, String geometry, String coordinates, String... more) {
        List<String> parameters = new ArrayList<>(List.of("type", type, "georel", georel, "geometry", geometry,
                "coordinates", coordinates));
        parameters.addAll(List.of(more));
        return query(parameters.toArray(String[]::new));
    }

    /** The entities of this class the geo-query selects, by their letters, sorted. */
    private String selected(String georel, String geometry, String coordinates, String... more) {
        List<String> found = ids(geo(georel, geometry, coordinates, more));
        return String.join(" ", ids.entrySet().stream().filter(e -> found.contains(e.getValue())).map(Map.Entry::getKey)
                .sorted().toList());
    }

    /** 4.10: near;maxDistance keeps entities within that many metres of the point, near;minDistance those at least that far. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '¦', nullValues = "none", textBlock = """
            near;maxDistance==500 ¦ A
            near;maxDistance==2000 ¦ A B
            near;minDistance==500 ¦ B C D F
            near;minDistance==12000 ¦ C F
            """)
    void nearKeepsEntitiesWithinOrBeyondADistanceInMetres(String georel, String expected) {
        assertThat(selected(georel, "Point", "[10,0]")).isEqualTo(expected == null ? "" : expected);
    }

    /** 4.10: within keeps entities whose geometry lies in the query geometry. */
    @Test
    void withinKeepsEntitiesInsideTheGeometry() {
        assertThat(selected("within", "Polygon", AROUND_A_AND_B)).isEqualTo("A B");
    }

    /** 4.10: contains keeps entities whose geometry contains the query geometry. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            [10.15,0.15] ¦ C
            [10,0] ¦ A
            """)
    void containsKeepsEntitiesContainingTheGeometry(String point, String expected) {
        assertThat(selected("contains", "Point", point)).isEqualTo(expected);
    }

    /** 4.10: intersects keeps entities sharing a point with the query geometry, disjoint those sharing none. */
    @Test
    void intersectsAndDisjointSplitTheEntitiesWithTheGeoProperty() {
        assertThat(selected("intersects", "LineString", "[[9.8,0.02],[10.0,0.02]]")).isEqualTo("D");
        assertThat(selected("intersects", "Polygon", AROUND_A_AND_B)).isEqualTo("A B");
        assertThat(selected("disjoint", "Polygon", AROUND_A_AND_B)).isEqualTo("C D F");
    }

    /** 4.10: equals keeps entities whose geometry is the query geometry. */
    @Test
    void equalsKeepsEntitiesWithTheSameGeometry() {
        assertThat(selected("equals", "Point", "[10.01,0]")).isEqualTo("B");
        assertThat(selected("equals", "Polygon", SQUARE_C)).isEqualTo("C");
    }

    /** 4.10: the query geometry may be any GeoJSON geometry type but GeometryCollection. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            MultiPoint ¦ [[10,0],[50,50]] ¦ intersects ¦ A
            MultiLineString ¦ [[[9.8,0.02],[10.0,0.02]],[[0,0],[1,1]]] ¦ intersects ¦ D
            MultiPolygon ¦ [[[[9.95,-0.05],[10.05,-0.05],[10.05,0.05],[9.95,0.05],[9.95,-0.05]]]] ¦ within ¦ A B
            """)
    void everyGeometryTypeButGeometryCollectionCanBeQueried(String geometry, String coordinates, String georel,
            String expected) {
        assertThat(selected(georel, geometry, coordinates)).isEqualTo(expected);
    }

    /** 4.10: coordinates are the GeoJSON coordinates as JSON text; whitespace is allowed. */
    @Test
    void coordinatesAreGeoJsonTextWithWhitespaceAllowed() {
        assertThat(selected("near;maxDistance==10", "Point", "[ 10.01 , 0 ]")).isEqualTo("B");
    }

    /** 4.10: geoproperty names the GeoProperty tested (default location); entities without it never match. */
    @Test
    void geopropertyChoosesTheGeoPropertyTested() {
        assertThat(selected("near;maxDistance==1000", "Point", "[20,20]", "geoproperty", "observationSpace")).isEqualTo("F");
        assertThat(selected("near;maxDistance==1000", "Point", "[20,20]")).isEmpty();
        assertThat(selected("near;maxDistance==1000", "Point", "[30,30]", "geoproperty", "location")).isEqualTo("F");
    }

    /** 4.10 and 5.7.2.4: a geo-query that is not valid is BadRequestData naming the parameter. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            unknown relation ¦ invalid ¦ Point ¦ [10,0] ¦ georel
            near without a distance ¦ near ¦ Point ¦ [10,0] ¦ georel
            distance not a number ¦ near;maxDistance==far ¦ Point ¦ [10,0] ¦ georel
            GeometryCollection ¦ intersects ¦ GeometryCollection ¦ [] ¦ geometry
            unknown geometry ¦ within ¦ Circle ¦ [10,0] ¦ geometry
            coordinates not JSON ¦ within ¦ Polygon ¦ [[[10,0], ¦ coordinates
            coordinates not of the geometry ¦ within ¦ Polygon ¦ [10,0] ¦ coordinates
            polygon ring not closed ¦ within ¦ Polygon ¦ [[[0,0],[1,0],[1,1],[0,1]]] ¦ coordinates
            """)
    void anInvalidGeoQueryIsBadRequestDataNamingTheParameter(String fault, String georel, String geometry,
            String coordinates, String parameter) {
        assertThat(problem(geo(georel, geometry, coordinates), 400, "BadRequestData").get("jsonPath").asText())
                .isEqualTo(parameter);
    }

    /** 4.10: georel, geometry and coordinates come together; one without the others is BadRequestData. */
    @ParameterizedTest(name = "missing {0}")
    @CsvSource({"georel", "geometry", "coordinates"})
    void aGeoQueryMissingOneOfItsThreePartsIsBadRequestData(String missing) {
        List<String> parameters = new ArrayList<>(List.of("type", type));
        for (String[] p : List.of(new String[] {"georel", "within"}, new String[] {"geometry", "Polygon"},
                new String[] {"coordinates", AROUND_A_AND_B})) {
            if (!p[0].equals(missing)) {
                parameters.addAll(List.of(p));
            }
        }
        assertThat(problem(query(parameters.toArray(String[]::new)), 400, "BadRequestData").get("jsonPath").asText())
                .isEqualTo(missing);
    }

    /** 4.10: overlaps keeps entities of the query geometry's dimension that share part of it, neither containing the other. */
    @Test
    void overlapsKeepsEntitiesSharingPartOfTheGeometry() {
        assertThat(selected("overlaps", "Polygon", "[[[10.15,0.15],[10.25,0.15],[10.25,0.25],[10.15,0.25],[10.15,0.15]]]"))
                .isEqualTo("C");
        assertThat(selected("overlaps", "LineString", "[[9.9,0.02],[9.9,0.1]]")).isEqualTo("D");
        assertThat(selected("overlaps", "Polygon", AROUND_A_AND_B)).as("points are not areas").isEmpty();
        assertThat(selected("overlaps", "Polygon", SQUARE_C)).as("the same area contains itself").isEmpty();
    }
}
