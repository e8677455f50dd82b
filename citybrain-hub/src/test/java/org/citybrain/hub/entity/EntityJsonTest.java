package org.citybrain.hub.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityJsonTest {

    private static final String NORMALIZED = """
            {
              "id": "urn:ngsi-ld:TrafficFlowObserved:road-7",
              "type": "TrafficFlowObserved",
              "averageVehicleSpeed": {
                "type": "Property", "value": 42.5, "unitCode": "KMH",
                "observedAt": "2024-05-01T08:05:00Z",
                "datasetId": "urn:ngsi-ld:Dataset:camera-3",
                "accuracy": {"type": "Property", "value": 0.9}
              },
              "refRoadSegment": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:road-7"},
              "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [120.1, 30.2]}},
              "createdAt": "2024-05-01T08:00:00Z",
              "modifiedAt": "2024-05-01T08:05:00Z",
              "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"]
            }""";

    private static Entity normalized(String json) {
        return EntityJson.read(json, Representation.NORMALIZED, ReadOptions.strict());
    }

    private static Entity keyValues(String json) {
        return EntityJson.read(json, Representation.KEY_VALUES, ReadOptions.strict());
    }

    private static NgsiLdException rejection(Runnable read) {
        try {
            read.run();
        } catch (NgsiLdException e) {
            return e;
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void theNormalizedFormIsReadIntoTypedAttributes() {
        Entity entity = normalized(NORMALIZED);

        assertThat(entity.id()).isEqualTo(URI.create("urn:ngsi-ld:TrafficFlowObserved:road-7"));
        assertThat(entity.type()).isEqualTo("TrafficFlowObserved");
        Property speed = entity.property("averageVehicleSpeed").orElseThrow();
        assertThat(speed.value().asDouble()).isEqualTo(42.5);
        assertThat(speed.unitCode()).contains("KMH");
        assertThat(speed.meta().observedAt()).contains(Instant.parse("2024-05-01T08:05:00Z"));
        assertThat(speed.meta().datasetId()).contains(URI.create("urn:ngsi-ld:Dataset:camera-3"));
        assertThat(speed.meta().subAttributes()).containsOnlyKeys("accuracy");
        assertThat(entity.relationship("refRoadSegment").orElseThrow().object())
                .isEqualTo(URI.create("urn:ngsi-ld:RoadSegment:road-7"));
        assertThat(entity.geoProperty("location").orElseThrow().geometryType()).isEqualTo("Point");
        assertThat(entity.createdAt()).contains(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(entity.context().uris()).containsExactly(CoreContext.URI);
    }

    @Test
    void theNormalizedFormIsWrittenBackAsItWasRead() {
        JsonNode input = EntityJson.parse(NORMALIZED);

        assertThat(EntityJson.toNormalized(normalized(NORMALIZED))).isEqualTo(input);
    }

    @Test
    void theSimplifiedFormKeepsOnlyValues() {
        ObjectNode keyValues = EntityJson.toKeyValues(normalized(NORMALIZED));

        assertThat(keyValues).isEqualTo(EntityJson.parse("""
                {"id": "urn:ngsi-ld:TrafficFlowObserved:road-7", "type": "TrafficFlowObserved",
                 "averageVehicleSpeed": 42.5,
                 "refRoadSegment": "urn:ngsi-ld:RoadSegment:road-7",
                 "location": {"type": "Point", "coordinates": [120.1, 30.2]},
                 "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"]}"""));
    }

    @Test
    void inTheSimplifiedFormAGeoJsonGeometryIsAGeoProperty() {
        Entity entity = keyValues("""
                {"id": "urn:a:1", "type": "Thing", "area": {"type": "Polygon",
                 "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}, "shape": {"type": "Circle", "r": 1}}""");

        assertThat(entity.attribute("area")).containsInstanceOf(GeoProperty.class);
        assertThat(entity.attribute("shape")).containsInstanceOf(Property.class);
    }

    @Test
    void inTheSimplifiedFormARefAttributeHoldingAUriIsARelationship() {
        Entity entity = keyValues("""
                {"id": "urn:a:1", "type": "Thing",
                 "refDevice": "urn:ngsi-ld:Device:d1",
                 "refParkingSite": ["urn:ngsi-ld:OffStreetParking:p1", "urn:ngsi-ld:OffStreetParking:p2"],
                 "refRoad": "Spain-Road-A62",
                 "seeAlso": "https://example.org/doc",
                 "reference": "urn:ngsi-ld:Device:d2"}""");

        assertThat(entity.relationship("refDevice").orElseThrow().objects()).hasSize(1);
        assertThat(entity.relationship("refParkingSite").orElseThrow().objects()).hasSize(2);
        assertThat(entity.attribute("refRoad")).as("not a URI").containsInstanceOf(Property.class);
        assertThat(entity.attribute("seeAlso")).as("not a relationship name").containsInstanceOf(Property.class);
        assertThat(entity.attribute("reference")).as("ref without a capital").containsInstanceOf(Property.class);
    }

    @Test
    void aRelationshipRuleCanNameRelationshipsBeyondTheConvention() {
        ReadOptions options = ReadOptions.strict()
                .withRelationshipRule(RelationshipRule.CONVENTION.or((type, name) -> name.equals("detectedBy")));

        Entity entity = EntityJson.read("""
                {"id": "urn:a:1", "type": "Thing", "detectedBy": "urn:ngsi-ld:Device:d1"}""",
                Representation.KEY_VALUES, options);

        assertThat(entity.attribute("detectedBy")).containsInstanceOf(Relationship.class);
    }

    @Test
    void aRelationshipGivenAsAnArrayOfOneStaysAnArray() {
        Entity entity = keyValues("{\"id\": \"urn:a:1\", \"type\": \"T\", \"refDevice\": [\"urn:ngsi-ld:Device:d1\"]}");

        assertThat(EntityJson.toKeyValues(entity).get("refDevice").isArray()).isTrue();
        assertThat(EntityJson.toNormalized(entity).get("refDevice").get("object").isArray()).isTrue();
    }

    @Test
    void anNgsiV2EntityIsImportedWithAQualifiedIdAndItsMetadata() {
        Entity entity = EntityJson.read("""
                {"id": "Valladolid-1", "type": "WeatherObserved",
                 "temperature": {"type": "Number", "value": 3.3,
                   "metadata": {"unitCode": {"value": "CEL"}, "timestamp": {"value": "2016-11-30T07:00:00Z"},
                                "source": {"value": "AEMET"}}},
                 "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [-4.75, 41.64]}}}""",
                Representation.NGSI_V2_NORMALIZED, ReadOptions.strict());

        assertThat(entity.id()).hasToString("urn:ngsi-ld:WeatherObserved:Valladolid-1");
        Property temperature = entity.property("temperature").orElseThrow();
        assertThat(temperature.unitCode()).contains("CEL");
        assertThat(temperature.meta().observedAt()).contains(Instant.parse("2016-11-30T07:00:00Z"));
        assertThat(temperature.meta().subAttributes()).containsOnlyKeys("source");
        assertThat(entity.geoProperty("location")).isPresent();
    }

    @Test
    void malformedJsonIsAnInvalidRequestAtTheRoot() {
        NgsiLdException e = rejection(() -> EntityJson.read("{\"id\": ", Representation.NORMALIZED, ReadOptions.strict()));

        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(e.problemType().uri()).hasToString("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertThat(e.jsonPath()).isEqualTo("$");
    }

    @Test
    void aJsonArrayIsNotAnEntity() {
        assertThat(rejection(() -> normalized("[]")).code()).isEqualTo(ErrorCode.NOT_AN_OBJECT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            id that is not a URI                  | {"id": "road 7", "type": "T"}                                                  | INVALID_ID             | $.id
            id missing                            | {"type": "T"}                                                                  | MISSING_ID             | $.id
            type missing                          | {"id": "urn:a:1"}                                                              | MISSING_TYPE           | $.type
            type with a space                     | {"id": "urn:a:1", "type": "Traffic Flow"}                                      | INVALID_TYPE           | $.type
            attribute name with a parenthesis     | {"id": "urn:a:1", "type": "T", "speed(km)": {"type": "Property", "value": 1}}  | INVALID_ATTRIBUTE_NAME | $['speed(km)']
            attribute without type                | {"id": "urn:a:1", "type": "T", "speed": {"value": 1}}                          | INVALID_ATTRIBUTE      | $.speed.type
            attribute of an unknown kind          | {"id": "urn:a:1", "type": "T", "speed": {"type": "Number", "value": 1}}        | INVALID_ATTRIBUTE      | $.speed.type
            attribute as a bare value             | {"id": "urn:a:1", "type": "T", "speed": 1}                                     | INVALID_ATTRIBUTE      | $.speed
            property with a null value            | {"id": "urn:a:1", "type": "T", "speed": {"type": "Property", "value": null}}   | MISSING_VALUE          | $.speed.value
            property without value                | {"id": "urn:a:1", "type": "T", "speed": {"type": "Property"}}                  | MISSING_VALUE          | $.speed.value
            relationship to a non-URI             | {"id": "urn:a:1", "type": "T", "refRoad": {"type": "Relationship", "object": "road 7"}} | INVALID_OBJECT | $.refRoad.object
            relationship to a non-URI in a list   | {"id": "urn:a:1", "type": "T", "refRoad": {"type": "Relationship", "object": ["urn:r:1", 7]}} | INVALID_OBJECT | $.refRoad.object[1]
            observedAt that is not a date-time    | {"id": "urn:a:1", "type": "T", "speed": {"type": "Property", "value": 1, "observedAt": "noon"}} | INVALID_DATE_TIME | $.speed.observedAt
            datasetId that is not a URI           | {"id": "urn:a:1", "type": "T", "speed": {"type": "Property", "value": 1, "datasetId": "cam 3"}} | INVALID_DATASET_ID | $.speed.datasetId
            unitCode on a relationship            | {"id": "urn:a:1", "type": "T", "refRoad": {"type": "Relationship", "object": "urn:r:1", "unitCode": "KMH"}} | INVALID_UNIT_CODE | $.refRoad.unitCode
            bad sub-attribute                     | {"id": "urn:a:1", "type": "T", "speed": {"type": "Property", "value": 1, "accuracy": {"type": "Property"}}} | MISSING_VALUE | $.speed.accuracy.value
            geo-property with an open ring        | {"id": "urn:a:1", "type": "T", "area": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}}} | INVALID_GEOJSON | $.area.value.coordinates[0]
            context that is a number              | {"id": "urn:a:1", "type": "T", "@context": 3}                                  | INVALID_CONTEXT        | $['@context']
            """)
    void badNormalizedEntitiesAreRejectedWithCodeAndPath(String rule, String json, ErrorCode code, String path) {
        NgsiLdException e = rejection(() -> normalized(json));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.jsonPath()).isEqualTo(path);
        assertThat(e).isInstanceOf(BadRequestDataException.class);
        assertThat(e.problemType().uri()).hasToString("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
    }

    @Test
    void severalInstancesOfOneAttributeAreNotSupportedYet() {
        NgsiLdException e = rejection(() -> normalized("""
                {"id": "urn:a:1", "type": "T", "speed": [
                  {"type": "Property", "value": 1, "datasetId": "urn:d:1"},
                  {"type": "Property", "value": 2, "datasetId": "urn:d:2"}]}"""));

        assertThat(e).isInstanceOf(OperationNotSupportedException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MULTI_ATTRIBUTE);
        assertThat(e.problemType().uri()).hasToString("https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported");
    }

    @Test
    void aLanguagePropertyIsNotSupportedYetWhateverItsMembers() {
        NgsiLdException e = rejection(() -> normalized("""
                {"id": "urn:a:1", "type": "T", "name": {"type": "LanguageProperty", "languageMap": {"en": "Gate"}}}"""));

        assertThat(e).isInstanceOf(OperationNotSupportedException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_ATTRIBUTE_TYPE);
        assertThat(e.jsonPath()).isEqualTo("$.name.type");
    }

    @Test
    void aNullInTheSimplifiedFormIsRejected() {
        NgsiLdException e = rejection(() -> keyValues("{\"id\": \"urn:a:1\", \"type\": \"T\", \"speed\": null}"));

        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_VALUE);
        assertThat(e.jsonPath()).isEqualTo("$.speed");
    }

    @Test
    void anImportQualifiesABareIdButTheApiDoesNot() {
        String json = "{\"id\": \"WeatherAlert-83b8-7\", \"type\": \"WeatherAlert\"}";

        assertThat(EntityJson.read(json, Representation.KEY_VALUES, ReadOptions.strict().withIdPolicy(IdPolicy.QUALIFY_BARE_IDS)).id())
                .hasToString("urn:ngsi-ld:WeatherAlert:WeatherAlert-83b8-7");
        assertThat(rejection(() -> keyValues(json)).code()).isEqualTo(ErrorCode.INVALID_ID);
    }

    @Test
    void entitiesAndTheirValuesCannotBeChangedFromOutside() {
        ObjectNode structured = (ObjectNode) EntityJson.parse("{\"lanes\": 2}");
        Property property = Property.of(structured);
        structured.put("lanes", 3);
        ((ObjectNode) property.value()).put("lanes", 4);

        assertThat(property.value().get("lanes").asInt()).isEqualTo(2);
        Entity entity = normalized(NORMALIZED);
        assertThatThrownBy(() -> entity.attributes().remove("location")).isInstanceOf(UnsupportedOperationException.class);
        ObjectNode inline = (ObjectNode) EntityJson.parse("{\"a\": \"urn:x\"}");
        JsonLdContext context = new JsonLdContext(List.of(inline));
        inline.put("a", "urn:changed");
        assertThat(context.entries().get(0).get("a").asText()).isEqualTo("urn:x");
    }

    @Test
    void systemTimesCanBeSetAndDropped() {
        Entity entity = normalized(NORMALIZED).withoutSystemTimes();

        assertThat(entity.createdAt()).isEmpty();
        assertThat(EntityJson.toNormalized(entity).has("createdAt")).isFalse();
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(entity.withSystemTimes(now, now).modifiedAt()).contains(now);
    }

    @Test
    void theCoreTermsExpandToNgsiLdIris() {
        assertThat(CoreContext.expand("observedAt")).contains("https://uri.etsi.org/ngsi-ld/observedAt");
        assertThat(CoreContext.expand("Point")).contains("https://purl.org/geojson/vocab#Point");
        assertThat(CoreContext.expand("speed")).isEmpty();
    }
}
