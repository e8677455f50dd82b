package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.store.Reading;
import org.junit.jupiter.api.Test;

class TelemetryParserTest {
    private static final Instant NOW = Instant.parse("2025-05-01T08:00:00Z");
    private static final long TS = NOW.toEpochMilli();
    private static final Device DEVICE = Device.of("loop-7", "urn:ngsi-ld:TrafficFlowObserved:road-1", "TrafficFlowObserved")
            .withMapping(Map.of("spd", "averageVehicleSpeed"));
    private final TelemetryParser parser = new TelemetryParser(
            new IngestOptions(ZoneId.of("Europe/Madrid"), 2000, 5, Duration.ofMinutes(10)));

    private List<Reading> parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), DEVICE, NOW);
    }

    private void assertRejected(String json, ErrorCode code, String path, String why) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(NgsiLdException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.jsonPath()).isEqualTo(path);
            assertThat(e.getMessage()).contains(why);
        });
    }

    @Test
    void aCompactReadingGivesOneReadingPerValueWithMappedNames() {
        List<Reading> readings = parse("{\"ts\": " + TS + ", \"values\": {\"intensity\": 12, \"spd\": 48.5}}");
        assertThat(readings).extracting(Reading::attribute).containsExactly("intensity", "averageVehicleSpeed");
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.observedAt()).isEqualTo(NOW);
            assertThat(r.deviceId()).isEqualTo("loop-7");
            assertThat(r.entityId()).isEqualTo(DEVICE.entityId());
        });
        assertThat(readings.get(0).value()).isEqualTo("{\"type\":\"Property\",\"value\":12}");
        assertThat(readings.get(1).value()).isEqualTo("{\"type\":\"Property\",\"value\":48.5}");
    }

    @Test
    void aKeyThatWouldOverwriteTheEntitysOwnIdOrTypeIsRejectedWithItsPath() {
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"type\": 3}}", ErrorCode.INVALID_ATTRIBUTE, "$.values.type",
                "is a member of the entity itself");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"intensity\": 1, \"id\": \"x\"}}", ErrorCode.INVALID_ATTRIBUTE,
                "$.values.id", "not an attribute");
    }

    @Test
    void aListOfCompactReadingsKeepsEachTimestamp() {
        List<Reading> readings = parse("[{\"ts\": " + (TS - 1000) + ", \"values\": {\"intensity\": 1}},"
                + " {\"ts\": " + TS + ", \"values\": {\"intensity\": 2}}]");
        assertThat(readings).extracting(Reading::observedAt).containsExactly(NOW.minusSeconds(1), NOW);
    }

    @Test
    void compactValuesFollowTheSimplifiedFormRules() {
        List<Reading> readings = parse("{\"ts\": " + TS + ", \"values\": {"
                + "\"location\": {\"type\": \"Point\", \"coordinates\": [-3.7, 40.4]},"
                + "\"refRoadSegment\": \"urn:ngsi-ld:RoadSegment:1\","
                + "\"dateObserved\": \"2025-05-01T10:00:00\"}}");
        assertThat(readings.get(0).value()).startsWith("{\"type\":\"GeoProperty\"");
        assertThat(readings.get(1).value()).isEqualTo("{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:1\"}");
        assertThat(readings.get(2).value()).contains("2025-05-01T08:00:00Z");
    }

    @Test
    void anNgsiLdFragmentKeepsUnitCodeAndTakesObservedAt() {
        List<Reading> readings = parse("{\"averageVehicleSpeed\": {\"type\": \"Property\", \"value\": 48.5,"
                + " \"unitCode\": \"KMH\", \"observedAt\": \"2025-05-01T07:59:00Z\"}}");
        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.attribute()).isEqualTo("averageVehicleSpeed");
            assertThat(r.observedAt()).isEqualTo(NOW.minusSeconds(60));
            assertThat(r.value()).isEqualTo("{\"type\":\"Property\",\"value\":48.5,\"unitCode\":\"KMH\"}");
        });
    }

    @Test
    void aFragmentOfTheDevicesOwnEntityIsAccepted() {
        assertThat(parse("{\"id\": \"urn:ngsi-ld:TrafficFlowObserved:road-1\", \"type\": \"TrafficFlowObserved\","
                + " \"intensity\": {\"type\": \"Property\", \"value\": 3, \"observedAt\": \"2025-05-01T07:00:00Z\"}}")).hasSize(1);
    }

    @Test
    void badPayloadsSayWhatWhereAndWhy() {
        assertRejected("{\"ts\": 1,", ErrorCode.MALFORMED_JSON, "$", "not valid JSON");
        assertRejected("42", ErrorCode.NOT_AN_OBJECT, "$", "telemetry is an object");
        assertRejected("[]", ErrorCode.MISSING_VALUE, "$", "empty list");
        assertRejected("{\"values\": {\"a\": 1}}", ErrorCode.INVALID_DATE_TIME, "$.ts", "ts is required");
        assertRejected("{\"ts\": \"yesterday\", \"values\": {\"a\": 1}}", ErrorCode.INVALID_DATE_TIME, "$.ts", "whole");
        assertRejected("{\"ts\": 1.5, \"values\": {\"a\": 1}}", ErrorCode.INVALID_DATE_TIME, "$.ts", "whole");
        assertRejected("{\"ts\": " + (TS + Duration.ofHours(1).toMillis()) + ", \"values\": {\"a\": 1}}",
                ErrorCode.INVALID_DATE_TIME, "$.ts", "in the future");
        assertRejected("{\"ts\": " + TS + "}", ErrorCode.NOT_AN_OBJECT, "$.values", "values is an object");
        assertRejected("{\"ts\": " + TS + ", \"values\": {}}", ErrorCode.MISSING_VALUE, "$.values", "at least one");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"a\": 1}, \"extra\": 2}", ErrorCode.INVALID_ATTRIBUTE,
                "$.extra", "unknown member");
        assertRejected("[{\"ts\": " + TS + ", \"values\": {\"a\": 1}}, {\"ts\": " + TS + ", \"values\": {\"b\": null}}]",
                ErrorCode.MISSING_VALUE, "$[1].values.b", "cannot be null");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"bad name\": 1}}", ErrorCode.INVALID_ATTRIBUTE_NAME,
                "$.values['bad name']", "whitespace");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"location\": {\"type\": \"Point\", \"coordinates\": [500, 1]}}}",
                ErrorCode.INVALID_GEOJSON, "$.values.location.coordinates[0]", "longitude");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"spd\": 1, \"averageVehicleSpeed\": 2}}",
                ErrorCode.INVALID_ATTRIBUTE, "$.values.averageVehicleSpeed", "second value");
    }

    @Test
    void badFragmentsSayWhatWhereAndWhy() {
        assertRejected("{\"speed\": {\"type\": \"Property\", \"value\": 1}}", ErrorCode.INVALID_DATE_TIME,
                "$.speed.observedAt", "observedAt is required");
        assertRejected("{\"speed\": {\"type\": \"Property\", \"observedAt\": \"2025-05-01T07:00:00Z\"}}",
                ErrorCode.MISSING_VALUE, "$.speed.value", "non-null value");
        assertRejected("{\"id\": \"urn:ngsi-ld:TrafficFlowObserved:other\", \"speed\": {\"type\": \"Property\", \"value\": 1,"
                + " \"observedAt\": \"2025-05-01T07:00:00Z\"}}", ErrorCode.INVALID_ID, "$.id", "feeds");
        assertRejected("{\"type\": \"Streetlight\"}", ErrorCode.INVALID_TYPE, "$.type", "feeds an entity of type");
        assertRejected("{\"id\": \"urn:ngsi-ld:TrafficFlowObserved:road-1\"}", ErrorCode.MISSING_VALUE, "$", "no attributes");
    }

    @Test
    void oversizedPayloadsAreRejectedWhole() {
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"a\": \"" + "x".repeat(2000) + "\"}}",
                ErrorCode.PAYLOAD_TOO_LARGE, "$", "at most 2000 bytes");
        assertRejected("{\"ts\": " + TS + ", \"values\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6}}",
                ErrorCode.PAYLOAD_TOO_LARGE, "$", "at most 5 readings");
    }
}
