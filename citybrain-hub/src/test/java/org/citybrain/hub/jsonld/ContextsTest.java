package org.citybrain.hub.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.sdm.SdmFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContextsTest {
    private static final Contexts CONTEXTS = Contexts.shipped();
    private static final String TRANSPORTATION =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld";

    static Stream<Path> jsonLdExamples() {
        return SdmFixtures.examples().stream().filter(e -> e.toString().endsWith(".jsonld"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonLdExamples")
    void everyContextUriOfTheOfficialExamplesIsKnown(Path example) {
        JsonNode root = EntityJson.parse(SdmFixtures.read(example));
        JsonLdContext context = JsonLdContext.parse(root.get("@context"), "$['@context']");

        assertThat(context.uris()).isNotEmpty();
        assertThat(CONTEXTS.knownUris()).containsAll(context.uris());
    }

    @Test
    void everyShippedSubjectIsKnownByItsRawGitHubAndGitHubPagesUrls() throws Exception {
        assertThat(CONTEXTS.knownUris()).contains(
                URI.create(TRANSPORTATION),
                URI.create("https://smart-data-models.github.io/dataModel.Transportation/context.jsonld"),
                URI.create("https://smart-data-models.github.io/dataModel.Weather/context.jsonld"),
                CoreContext.URI);
        long subjects;
        try (Stream<Path> files = Files.list(SdmFixtures.directory())) {
            subjects = files.filter(f -> f.getFileName().toString().matches("context-.*\\.jsonld")).count();
        }
        assertThat(subjects).isPositive();
        assertThat(CONTEXTS.knownUris()).hasSize((int) (1 + 2 * subjects));
    }

    @Test
    void bothUrlsOfASubjectNameTheSameTerms() {
        Expander raw = CONTEXTS.expander(JsonLdContext.of(TRANSPORTATION));
        Expander pages = CONTEXTS.expander(
                JsonLdContext.of("https://smart-data-models.github.io/dataModel.Transportation/context.jsonld"));

        assertThat(pages.expand("intensity")).isEqualTo(raw.expand("intensity"))
                .isEqualTo("https://smartdatamodels.org/dataModel.Transportation/intensity");
    }

    @Test
    void anUnknownContextUriIsBadRequestDataAtItsIndexNamingItAndTheKnownUris() {
        JsonLdContext context = JsonLdContext.of(TRANSPORTATION, "https://example.org/my-context.jsonld");

        assertThatThrownBy(() -> CONTEXTS.expander(context))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CONTEXT);
                    assertThat(e.jsonPath()).isEqualTo("$['@context'][1]");
                    assertThat(e.getMessage()).contains("https://example.org/my-context.jsonld")
                            .contains("never fetches").contains(TRANSPORTATION);
                });
    }

    @Test
    void theAllSubjectsSmartDataModelsContextIsNotShippedSoItIsUnknown() {
        assertThatThrownBy(() -> CONTEXTS.expander(JsonLdContext.of("https://smartdatamodels.org/context.jsonld")))
                .isInstanceOfSatisfying(BadRequestDataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CONTEXT));
    }

    @Test
    void aContextSeenBeforeIsServedFromTheCache() {
        Expander first = CONTEXTS.expander(JsonLdContext.of(CoreContext.URI.toString(), TRANSPORTATION));
        Expander again = CONTEXTS.expander(JsonLdContext.of(CoreContext.URI.toString(), TRANSPORTATION));

        assertThat(again).isSameAs(first);
    }

    @Test
    void aContextMayMixUrisAndInlineObjects() {
        JsonLdContext context = JsonLdContext.parse(EntityJson.parse("""
                ["%s", {"myCounter": "https://example.org/counter"}]""".formatted(TRANSPORTATION)), "$['@context']");
        Expander expander = CONTEXTS.expander(context);

        assertThat(expander.expand("myCounter")).isEqualTo("https://example.org/counter");
        assertThat(expander.expand("intensity")).isEqualTo("https://smartdatamodels.org/dataModel.Transportation/intensity");
    }

    @Test
    void aFaultyInlineDefinitionIsAnInvalidContextAtItsMember() {
        JsonLdContext context = JsonLdContext.parse(EntityJson.parse("[{\"speed\": 42}]"), "$['@context']");

        assertThatThrownBy(() -> CONTEXTS.expander(context))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTEXT);
                    assertThat(e.jsonPath()).isEqualTo("$['@context'][0].speed");
                });
    }

    @Test
    void anInlineImportIsRefusedBecauseItWouldNeedAFetch() {
        JsonLdContext context = JsonLdContext.parse(
                EntityJson.parse("{\"@import\": \"https://example.org/c.jsonld\"}"), "$['@context']");

        assertThatThrownBy(() -> CONTEXTS.expander(context))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTEXT);
                    assertThat(e.jsonPath()).isEqualTo("$['@context'][0]['@import']");
                });
    }
}
