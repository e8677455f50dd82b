package org.citybrain.hub.sdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official example of every shipped model, found at test time, is read and accepted by its
 * model, except the upstream defects listed in sdm-known-defects.tsv: a model added to
 * scenarios/sdm is tested without touching this class.
 */
class OfficialExamplesTest {

    /** The examples come from Spain; the zone is the one a Spanish deployment would configure. */
    static final ZoneId PLATFORM_ZONE = ZoneId.of("Europe/Madrid");

    private static final SmartDataModels MODELS = SmartDataModels.bundled();

    static Stream<Path> examples() {
        return SdmFixtures.examples().stream();
    }

    static ReadOptions importOptions() {
        return ReadOptions.importing(PLATFORM_ZONE).withRelationshipRule(MODELS.relationshipRule());
    }

    static Stream<Path> soundExamples() {
        Map<String, String> defects = SdmFixtures.knownDefects();
        return examples().filter(e -> !defects.containsKey(SdmFixtures.name(e)));
    }

    static Stream<Arguments> defectiveExamples() {
        return SdmFixtures.knownDefects().entrySet().stream()
                .map(d -> Arguments.of(d.getKey(), d.getValue()));
    }

    /** What the hub makes of an example: {@code accepted}, its violations, or the reader's error. */
    static String outcome(Path example) {
        Entity entity;
        try {
            entity = EntityJson.read(SdmFixtures.read(example), SdmFixtures.representationOf(example), importOptions());
        } catch (NgsiLdException e) {
            return "rejected " + e.code() + " at " + e.jsonPath();
        }
        List<Violation> violations = MODELS.validate(entity);
        return violations.isEmpty() ? "accepted"
                : violations.stream().map(Violation::toString).collect(Collectors.joining(" | "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("soundExamples")
    void everyOfficialExampleIsAcceptedByItsModel(Path example) {
        Entity entity = EntityJson.read(SdmFixtures.read(example), SdmFixtures.representationOf(example), importOptions());

        assertThat(MODELS.isKnownType(entity.type())).as("type %s has a model", entity.type()).isTrue();
        assertThat(MODELS.validate(entity)).isEmpty();
    }

    /**
     * The official examples that break their own schema or RFC 7946 upstream are rejected for
     * exactly the defect listed in sdm-known-defects.tsv, and for nothing else; when upstream
     * fixes one, this fails and the line goes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("defectiveExamples")
    void officialExamplesWithUpstreamDefectsAreRejectedForExactlyThatDefect(String example, String expected) {
        Path file = SdmFixtures.directory().resolve(example);
        assertThat(file).isRegularFile();
        assertThat(outcome(file)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("soundExamples")
    void everyOfficialExampleSurvivesWritingAndReadingBackInBothForms(Path example) {
        Entity entity = EntityJson.read(SdmFixtures.read(example), SdmFixtures.representationOf(example), importOptions());

        Entity fromNormalized = EntityJson.read(EntityJson.toNormalized(entity), Representation.NORMALIZED, ReadOptions.strict());
        Entity fromKeyValues = EntityJson.read(EntityJson.toKeyValues(entity), Representation.KEY_VALUES,
                ReadOptions.strict().withRelationshipRule(MODELS.relationshipRule()));

        assertThat(fromNormalized).isEqualTo(entity);
        assertThat(EntityJson.toKeyValues(fromKeyValues)).isEqualTo(EntityJson.toKeyValues(entity));
    }

    @Test
    void everyModelFolderIsLoadedWithItsLicenceAndSource() throws Exception {
        List<Path> folders;
        try (Stream<Path> children = Files.list(SdmFixtures.directory())) {
            folders = children.filter(f -> Files.isRegularFile(f.resolve("schema.json"))).sorted().toList();
        }
        assertThat(MODELS.types()).hasSize(folders.size());
        for (Path folder : folders) {
            assertThat(folder.resolve("LICENSE.md")).isRegularFile();
            assertThat(folder.resolve("SOURCE.txt")).isRegularFile();
            assertThat(Files.readString(folder.resolve("LICENSE.md"))).contains("Creative Commons Attribution 4.0");
        }
    }

    @Test
    void theWeatherAlertKeyValuesExampleIsAcceptedOnImportButItsBareIdNotByTheApi() {
        Path example = SdmFixtures.directory().resolve("WeatherAlert/example.jsonld");
        String json = SdmFixtures.read(example);

        assertThat(EntityJson.read(json, Representation.KEY_VALUES, importOptions()).id())
                .hasToString("urn:ngsi-ld:WeatherAlert:WeatherAlert-83b872975414bfca10832e564a1bb416-7");
        assertThatThrownBy(() -> EntityJson.read(json, Representation.KEY_VALUES, ReadOptions.ingesting(PLATFORM_ZONE)))
                .isInstanceOfSatisfying(NgsiLdException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID);
                    assertThat(e.jsonPath()).isEqualTo("$.id");
                });
    }

    @Test
    void everyModelHasAllFourOfficialExamples() {
        assertThat(SdmFixtures.examples()).hasSize(4 * MODELS.types().size());
    }
}
