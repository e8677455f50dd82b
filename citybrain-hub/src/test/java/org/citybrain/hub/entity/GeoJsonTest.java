package org.citybrain.hub.entity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeoJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"Point\", \"coordinates\": [120.1, 30.2]}",
        "{\"type\": \"Point\", \"coordinates\": [120.1, 30.2, 12.0]}",
        "{\"type\": \"MultiPoint\", \"coordinates\": [[120.1, 30.2], [120.2, 30.3]]}",
        "{\"type\": \"LineString\", \"coordinates\": [[120.1, 30.2], [120.2, 30.3]], \"bbox\": [120.1, 30.2, 120.2, 30.3]}",
        "{\"type\": \"MultiLineString\", \"coordinates\": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]}",
        "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}",
        "{\"type\": \"MultiPolygon\", \"coordinates\": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}",
        "{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Point\", \"coordinates\": [0, 0]}]}"
    })
    void validGeometriesOfEveryTypeAreAccepted(String json) {
        assertThatCode(() -> GeoJson.check(EntityJson.parse(json), "$")).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a geometry type      | {"type": "Feature", "geometry": null}                            | $.type
            latitude beyond 90       | {"type": "Point", "coordinates": [10, 91]}                        | $.coordinates[1]
            longitude beyond 180     | {"type": "Point", "coordinates": [181, 10]}                       | $.coordinates[0]
            one number               | {"type": "Point", "coordinates": [10]}                            | $.coordinates
            coordinate as text       | {"type": "Point", "coordinates": ["10", 20]}                      | $.coordinates[0]
            line of one position     | {"type": "LineString", "coordinates": [[0, 0]]}                   | $.coordinates
            ring not closed          | {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]} | $.coordinates[0]
            ring too short           | {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}    | $.coordinates[0]
            no coordinates           | {"type": "Polygon"}                                               | $.coordinates
            bbox of three            | {"type": "Point", "coordinates": [0, 0], "bbox": [0, 0, 1]}       | $.bbox
            bad member of collection | {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [0, 95]}]} | $.geometries[0].coordinates[1]
            """)
    void invalidGeometriesAreRejectedAtTheFaultyMember(String fault, String json, String path) {
        assertThatThrownBy(() -> GeoJson.check(EntityJson.parse(json), "$"))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GEOJSON);
                    org.assertj.core.api.Assertions.assertThat(e.jsonPath()).isEqualTo(path);
                });
    }
}
