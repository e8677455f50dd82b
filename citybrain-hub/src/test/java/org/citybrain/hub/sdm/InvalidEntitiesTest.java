package org.citybrain.hub.sdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.junit.jupiter.api.Test;

/** Hand-made bad entities, one per kind of rule, rejected with the failing JSON path and the rule. */
class InvalidEntitiesTest {

    private static final SmartDataModels MODELS = SmartDataModels.bundled();

    private static final String TRAFFIC = """
            {"id": "urn:ngsi-ld:TrafficFlowObserved:road-1-lane-1", "type": "TrafficFlowObserved",
             "dateObserved": "2024-05-01T08:00:00Z/2024-05-01T08:05:00Z",
             "dateObservedFrom": "2024-05-01T08:00:00Z", "dateObservedTo": "2024-05-01T08:05:00Z",
             "laneId": 1, "laneDirection": "forward", "intensity": 42, "occupancy": 0.31,
             "averageVehicleSpeed": 38.5, "refRoadSegment": "urn:ngsi-ld:RoadSegment:road-1",
             "location": {"type": "LineString", "coordinates": [[120.10, 30.27], [120.11, 30.28]]}
             %s}""";

    private static Entity traffic(String extra) {
        return EntityJson.read(TRAFFIC.formatted(extra), Representation.KEY_VALUES, ReadOptions.strict());
    }

    private static List<String> violations(Entity entity) {
        return MODELS.validate(entity).stream().map(Violation::toString).toList();
    }

    @Test
    void aWellFormedTrafficObservationIsValid() {
        Entity entity = traffic("");

        assertThat(MODELS.validate(entity)).isEmpty();
        assertThat(entity.relationship("refRoadSegment")).isPresent();
        assertThat(entity.geoProperty("location")).isPresent();
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithItsPathAndType() {
        assertThat(violations(traffic(", \"averageVehicleSpeed\": \"fast\"")))
                .containsExactly("$.averageVehicleSpeed: type number");
    }

    @Test
    void aMissingRequiredAttributeIsReportedAtThePathItShouldHave() {
        Entity entity = EntityJson.read("""
                {"id": "urn:ngsi-ld:AirQualityObserved:a1", "type": "AirQualityObserved",
                 "location": {"type": "Point", "coordinates": [-3.7, 40.4]}}""",
                Representation.KEY_VALUES, ReadOptions.strict());

        assertThat(violations(entity)).containsExactly("$.dateObserved: required");
    }

    @Test
    void numbersOutOfTheirRangeAreReportedWithTheBound() {
        assertThat(violations(traffic(", \"intensity\": -1"))).containsExactly("$.intensity: minimum 0");
        assertThat(violations(traffic(", \"occupancy\": 1.5"))).containsExactly("$.occupancy: maximum 1");
        assertThat(violations(traffic(", \"laneId\": 0"))).containsExactly("$.laneId: minimum 1");
    }

    @Test
    void aValueOutsideItsEnumIsReportedWithTheAllowedValues() {
        assertThat(violations(traffic(", \"laneDirection\": \"sideways\"")))
                .containsExactly("$.laneDirection: enum [forward, backward]");

        Entity spot = EntityJson.read("""
                {"id": "urn:ngsi-ld:ParkingSpot:s1", "type": "ParkingSpot", "status": "broken",
                 "category": ["onStreet"], "refParkingSite": "urn:ngsi-ld:OnStreetParking:p1",
                 "location": {"type": "Point", "coordinates": [-3.8, 43.46]}}""",
                Representation.KEY_VALUES, ReadOptions.strict());
        assertThat(violations(spot)).singleElement().asString()
                .startsWith("$.status: enum [")
                .contains("free", "occupied");
    }

    @Test
    void aMalformedDateTimeIsReportedAsBreakingTheFormat() {
        assertThat(violations(traffic(", \"dateObservedFrom\": \"yesterday\"")))
                .containsExactly("$.dateObservedFrom: format date-time");
    }

    @Test
    void invalidGeoJsonIsRejectedByTheReaderWithThePathOfTheBadCoordinate() {
        assertThatThrownBy(() -> traffic(", \"location\": {\"type\": \"Point\", \"coordinates\": [120.1, 95.0]}"))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GEOJSON);
                    assertThat(e.jsonPath()).isEqualTo("$.location.coordinates[1]");
                });
        assertThatThrownBy(() -> traffic(", \"location\": {\"type\": \"LineString\", \"coordinates\": [[120.1, 30.2]]}"))
                .isInstanceOfSatisfying(BadRequestDataException.class,
                        e -> assertThat(e.jsonPath()).isEqualTo("$.location.coordinates"));
    }

    @Test
    void aLocationThatIsNoGeometryAtAllBreaksTheModel() {
        assertThat(violations(traffic(", \"location\": {\"type\": \"Circle\", \"coordinates\": [120.1, 30.2]}")))
                .first().asString().startsWith("$.location: oneOf");
    }

    @Test
    void aNormalizedEntityIsValidatedThroughItsSimplifiedForm() {
        Entity entity = EntityJson.read("""
                {"id": "urn:ngsi-ld:TrafficFlowObserved:n1", "type": "TrafficFlowObserved",
                 "dateObserved": {"type": "Property", "value": "2024-05-01T08:05:00Z"},
                 "intensity": {"type": "Property", "value": -3, "observedAt": "2024-05-01T08:05:00Z"},
                 "refRoadSegment": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:road-1"}}""",
                Representation.NORMALIZED, ReadOptions.strict());

        assertThat(violations(entity)).containsExactly("$.intensity: minimum 0");
    }

    @Test
    void requireValidThrowsBadRequestDataWithEveryViolationAtTheFirstPath() {
        Entity entity = traffic(", \"intensity\": -1, \"occupancy\": 2");

        assertThatThrownBy(() -> MODELS.requireValid(entity))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
                    assertThat(e.problemType()).isEqualTo(ProblemType.BAD_REQUEST_DATA);
                    assertThat(e.problemType().uri()).hasToString("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
                    assertThat(e.jsonPath()).isEqualTo("$.intensity");
                    assertThat(e.violations()).extracting(Violation::toString)
                            .containsExactlyInAnyOrder("$.intensity: minimum 0", "$.occupancy: maximum 1");
                });
    }

    @Test
    void anEntityOfATypeWithoutModelIsNotValidated() {
        Entity entity = Entity.of("urn:ngsi-ld:Bus:b1", "Bus");

        assertThat(MODELS.isKnownType("Bus")).isFalse();
        assertThat(MODELS.validate(entity)).isEmpty();
    }
}
