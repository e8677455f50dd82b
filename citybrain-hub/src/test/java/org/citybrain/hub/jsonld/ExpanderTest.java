package org.citybrain.hub.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.citybrain.hub.entity.AttributeMeta;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Relationship;
import org.citybrain.hub.sdm.SdmFixtures;
import org.citybrain.hub.sdm.SmartDataModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExpanderTest {
    private static final Contexts CONTEXTS = Contexts.shipped();
    private static final String TRANSPORTATION =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld";
    private static final String VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";

    private static Expander inline(String... objects) {
        return CONTEXTS.expander(JsonLdContext.parse(EntityJson.parse("[" + String.join(",", objects) + "]"),
                "$['@context']"));
    }

    @Test
    void aTermOfAShippedContextExpandsToItsIri() {
        Expander expander = CONTEXTS.expander(JsonLdContext.of(TRANSPORTATION));

        assertThat(expander.expand("TrafficFlowObserved"))
                .isEqualTo("https://smartdatamodels.org/dataModel.Transportation/TrafficFlowObserved");
        assertThat(expander.expand("address")).isEqualTo("https://smartdatamodels.org/address");
    }

    @Test
    void anUndefinedTermExpandsWithTheCoreVocabularyAndCompactsBack() {
        Expander core = CONTEXTS.core();

        assertThat(core.expand("speed")).isEqualTo(VOCAB + "speed");
        assertThat(core.compact(VOCAB + "speed")).isEqualTo("speed");
    }

    @Test
    void coreTermsKeepTheirCoreMeaningWhateverTheContextSays() {
        Expander expander = inline("{\"location\": \"https://example.org/where\", \"observedAt\": \"https://example.org/when\"}");

        assertThat(expander.expand("location")).isEqualTo("https://uri.etsi.org/ngsi-ld/location");
        assertThat(expander.expand("observedAt")).isEqualTo("https://uri.etsi.org/ngsi-ld/observedAt");
        assertThat(expander.compact("https://uri.etsi.org/ngsi-ld/location")).isEqualTo("location");
    }

    @Test
    void aLaterEntryRedefinesATermOfAnEarlierOne() {
        Expander expander = inline("{\"speed\": \"https://a.example/speed\"}", "{\"speed\": \"https://b.example/speed\"}");

        assertThat(expander.expand("speed")).isEqualTo("https://b.example/speed");
    }

    @Test
    void compactIrisExpandThroughAPrefixEvenOneDefinedInAnEarlierEntry() {
        Expander expander = inline("{\"schema\": \"https://schema.org/\"}", "{\"brand\": \"schema:brand\"}");

        assertThat(expander.expand("brand")).isEqualTo("https://schema.org/brand");
        assertThat(expander.expand("schema:color")).isEqualTo("https://schema.org/color");
        assertThat(expander.compact("https://schema.org/color")).isEqualTo("schema:color");
        assertThat(expander.expand("ngsi-ld:foo")).as("core prefix").isEqualTo("https://uri.etsi.org/ngsi-ld/foo");
    }

    @Test
    void expandedDefinitionsWithIdAndTypeExpandToTheirId() {
        Expander expander = inline("{\"start\": {\"@id\": \"https://example.org/start\", \"@type\": \"DateTime\"}}");

        assertThat(expander.expand("start")).isEqualTo("https://example.org/start");
    }

    @Test
    void absoluteIrisAndUndefinedPrefixesAreKeptAsTheyAre() {
        Expander core = CONTEXTS.core();

        assertThat(core.expand("https://example.org/x")).isEqualTo("https://example.org/x");
        assertThat(core.expand("open311:type")).isEqualTo("open311:type");
        assertThat(core.compact("https://example.org/x")).isEqualTo("https://example.org/x");
    }

    @Test
    void anIriCompactsToTheShortestTermForItThenTheLeastLexicographically() {
        Expander expander = inline("{\"speedKmh\": \"https://e.example/s\", \"spd\": \"https://e.example/s\","
                + " \"sp2\": \"https://e.example/s\"}");

        assertThat(expander.compact("https://e.example/s")).isEqualTo("sp2");
    }

    @Test
    void aVocabularyIriDoesNotCompactToItsTermWhenThatTermMeansSomethingElseInTheContext() {
        Expander expander = inline("{\"speed\": \"https://example.org/speed\"}");

        // the core's ngsi-ld prefix is the shortest name left (JSON-LD compact IRI)
        assertThat(expander.compact(VOCAB + "speed")).isEqualTo("ngsi-ld:default-context/speed");
        assertThat(expander.expand(expander.compact(VOCAB + "speed"))).isEqualTo(VOCAB + "speed");
    }

    @Test
    void everyTermOfEveryShippedContextCompactsBackAfterExpanding() {
        for (var uri : CONTEXTS.knownUris()) {
            Expander expander = CONTEXTS.expander(JsonLdContext.of(uri.toString()));
            Set<String> terms = Set.of("intensity", "category", "temperature", "refDevice", "location", "name",
                    "address", "open311:type", "undefinedHere");
            for (String term : terms) {
                assertThat(expander.compact(expander.expand(term))).as("%s in %s", term, uri).isEqualTo(term);
            }
        }
    }

    @Test
    void expandingAnEntityRenamesItsTypeAttributesAndSubAttributesButNotValuesOrObjects() {
        Entity entity = new Entity(java.net.URI.create("urn:ngsi-ld:TrafficFlowObserved:1"), "TrafficFlowObserved",
                Map.of("intensity", Property.of(197).withMeta(new AttributeMeta(java.util.Optional.of(Instant.EPOCH),
                                java.util.Optional.empty(), Map.of("laneId", Property.of("laneId")),
                                java.util.Optional.empty(), java.util.Optional.empty())),
                        "refRoadSegment", Relationship.to("urn:ngsi-ld:RoadSegment:laneId")),
                JsonLdContext.of(TRANSPORTATION), java.util.Optional.empty(), java.util.Optional.empty());
        Expander expander = CONTEXTS.expander(entity.context());

        Entity expanded = expander.expand(entity);

        String ns = "https://smartdatamodels.org/dataModel.Transportation/";
        assertThat(expanded.type()).isEqualTo(ns + "TrafficFlowObserved");
        assertThat(expanded.attributes()).containsOnlyKeys(ns + "intensity", ns + "refRoadSegment");
        Property intensity = expanded.property(ns + "intensity").orElseThrow();
        assertThat(intensity.meta().subAttributes()).containsOnlyKeys(ns + "laneId");
        assertThat(intensity.meta().subAttributes().get(ns + "laneId")).isEqualTo(Property.of("laneId"));
        assertThat(intensity.meta().observedAt()).contains(Instant.EPOCH);
        assertThat(expanded.relationship(ns + "refRoadSegment").orElseThrow().object())
                .hasToString("urn:ngsi-ld:RoadSegment:laneId");
        assertThat(expander.compact(expanded)).isEqualTo(entity);
    }

    @Test
    void twoNamesOfOneAttributeAreRejected() {
        Entity entity = Entity.of("urn:ngsi-ld:X:1", "X")
                .withAttribute("speed", Property.of(1))
                .withAttribute(VOCAB + "speed", Property.of(2));

        assertThatThrownBy(() -> CONTEXTS.core().expand(entity))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ATTRIBUTE_NAME);
                    assertThat(e.jsonPath()).isEqualTo("$['" + VOCAB + "speed']");
                });
    }

    @Test
    void compactingSetsTheExpandersContextOnTheEntity() {
        Expander expander = CONTEXTS.expander(JsonLdContext.of(TRANSPORTATION));
        Entity stored = Entity.of("urn:ngsi-ld:X:1", VOCAB + "X");

        assertThat(expander.compact(stored).context()).isEqualTo(JsonLdContext.of(TRANSPORTATION));
        assertThat(expander.compact(stored).type()).isEqualTo("X");
    }

    static Stream<Path> readableExamples() {
        Map<String, String> defects = SdmFixtures.knownDefects();
        return SdmFixtures.examples().stream()
                .filter(e -> !defects.getOrDefault(SdmFixtures.name(e), "").startsWith("rejected"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableExamples")
    void everyOfficialExampleSurvivesExpandingAndCompactingWithItsOwnContext(Path example) {
        ReadOptions options = ReadOptions.importing(ZoneId.of("Europe/Madrid"))
                .withRelationshipRule(SmartDataModels.bundled().relationshipRule());
        Entity entity = EntityJson.read(SdmFixtures.read(example), SdmFixtures.representationOf(example), options);
        Expander expander = CONTEXTS.expander(entity.context());

        Entity expanded = expander.expand(entity);

        assertThat(expanded.type()).as("an IRI").contains(":");
        assertThat(expanded.attributes().keySet()).allSatisfy(name -> assertThat(name).as("an IRI").contains(":"));
        assertThat(expander.compact(expanded)).isEqualTo(entity);
    }
}
