package org.citybrain.hub.sdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.junit.jupiter.api.Test;

/** Decision 0003: a date-time without time zone is local time of the platform's zone on ingestion. */
class DatesWithoutTimeZoneTest {

    private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final SmartDataModels MODELS = SmartDataModels.bundled();

    private static Path example(String name) {
        return SdmFixtures.directory().resolve(name);
    }

    private static Entity read(String name, ReadOptions options) {
        Path file = example(name);
        return EntityJson.read(SdmFixtures.read(file), SdmFixtures.representationOf(file), options);
    }

    @Test
    void theOfficialExamplesWithADateObservedWithoutZoneAreKnown() {
        List<String> withoutZone = SdmFixtures.examples().stream()
                .filter(file -> {
                    JsonNode date = EntityJson.parse(SdmFixtures.read(file)).path("dateObserved");
                    JsonNode value = date.has("value") ? date.get("value") : date;
                    JsonNode text = value.has("@value") ? value.get("@value") : value;
                    return text.isTextual() && LOCAL.matcher(text.asText()).matches();
                })
                .map(SdmFixtures::name)
                .toList();

        assertThat(withoutZone).containsExactly(
                "AirQualityObserved/example-normalized.json",
                "AirQualityObserved/example-normalized.jsonld",
                "AirQualityObserved/example.json",
                "AirQualityObserved/example.jsonld",
                "CrowdFlowObserved/example-normalized.json",
                "CrowdFlowObserved/example-normalized.jsonld",
                "TrafficFlowObserved/example-normalized.jsonld");
    }

    @Test
    void theStrictReaderRejectsADateTimeWithoutZoneWhereverItIs() {
        ReadOptions strict = ReadOptions.strict();

        assertThatThrownBy(() -> read("AirQualityObserved/example.jsonld", strict))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATE_TIME_WITHOUT_ZONE);
                    assertThat(e.jsonPath()).isEqualTo("$.dateObserved");
                });
        assertThatThrownBy(() -> read("AirQualityObserved/example-normalized.jsonld", strict))
                .isInstanceOfSatisfying(BadRequestDataException.class,
                        e -> assertThat(e.jsonPath()).isEqualTo("$.dateObserved.value"));
        assertThatThrownBy(() -> read("CrowdFlowObserved/example-normalized.jsonld", strict))
                .isInstanceOfSatisfying(BadRequestDataException.class,
                        e -> assertThat(e.jsonPath()).isEqualTo("$.dateObserved.value['@value']"));
    }

    @Test
    void ingestionReadsADateTimeWithoutZoneAsLocalTimeOfThePlatformZoneAndStoresAnInstant() {
        Entity inMadrid = read("AirQualityObserved/example.jsonld", ReadOptions.ingesting(MADRID));
        Entity inShanghai = read("AirQualityObserved/example.jsonld", ReadOptions.ingesting(ZoneId.of("Asia/Shanghai")));

        assertThat(inMadrid.property("dateObserved").orElseThrow().value().asText()).isEqualTo("2016-03-15T10:00:00Z");
        assertThat(inShanghai.property("dateObserved").orElseThrow().value().asText()).isEqualTo("2016-03-15T03:00:00Z");
    }

    @Test
    void aTypedDateTimeLiteralWithoutZoneKeepsItsShapeAndGetsTheInstant() {
        Entity entity = read("CrowdFlowObserved/example-normalized.jsonld", ReadOptions.ingesting(MADRID));

        JsonNode value = entity.property("dateObserved").orElseThrow().value();
        assertThat(value.get("@type").asText()).isEqualTo("DateTime");
        assertThat(value.get("@value").asText()).isEqualTo("2018-08-07T09:10:00Z");
        assertThat(EntityJson.toKeyValues(entity).get("dateObserved").asText()).isEqualTo("2018-08-07T09:10:00Z");
    }

    @Test
    void everyFormOfTheAirQualityExampleGivesTheSameInstant() {
        ReadOptions options = ReadOptions.importing(MADRID);
        List<String> instants = List.of("example.json", "example.jsonld", "example-normalized.json", "example-normalized.jsonld")
                .stream()
                .map(f -> EntityJson.toKeyValues(read("AirQualityObserved/" + f, options)).get("dateObserved").asText())
                .toList();

        assertThat(instants).containsOnly("2016-03-15T10:00:00Z");
    }

    @Test
    void aModelThatRequiresADateTimeRejectsOneWithoutZoneThatBypassedIngestion() {
        Entity unnormalised = read("AirQualityObserved/example.jsonld", ReadOptions.ingesting(MADRID))
                .withAttribute("dateObserved", Property.of("2016-03-15T11:00:00"));

        assertThat(MODELS.validate(unnormalised)).extracting(Violation::toString)
                .containsExactly("$.dateObserved: format date-time");
    }

    @Test
    void anAmbiguousLocalTimeAtTheAutumnClockChangeTakesTheEarlierOffset() {
        String json = """
                {"id": "urn:ngsi-ld:TrafficFlowObserved:t1", "type": "TrafficFlowObserved",
                 "dateObservedFrom": "2016-10-30T02:30:00"}""";

        Entity entity = EntityJson.read(json, Representation.KEY_VALUES, ReadOptions.ingesting(MADRID));

        assertThat(entity.property("dateObservedFrom").orElseThrow().value().asText()).isEqualTo("2016-10-30T00:30:00Z");
    }

    @Test
    void observedAtWithoutZoneFollowsTheSameRule() {
        String json = """
                {"id": "urn:ngsi-ld:TrafficFlowObserved:t1", "type": "TrafficFlowObserved",
                 "intensity": {"type": "Property", "value": 5, "observedAt": "2016-03-15T11:00:00"}}""";

        Entity entity = EntityJson.read(json, Representation.NORMALIZED, ReadOptions.ingesting(MADRID));

        assertThat(entity.property("intensity").orElseThrow().meta().observedAt()).hasValueSatisfying(
                t -> assertThat(t.toString()).isEqualTo("2016-03-15T10:00:00Z"));
        assertThatThrownBy(() -> EntityJson.read(json, Representation.NORMALIZED, ReadOptions.strict()))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATE_TIME_WITHOUT_ZONE);
                    assertThat(e.jsonPath()).isEqualTo("$.intensity.observedAt");
                });
    }
}
