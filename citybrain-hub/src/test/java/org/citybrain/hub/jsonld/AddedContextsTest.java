package org.citybrain.hub.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonLdContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts added at run time: by their own URL or hosted, resolved without a fetch, kept, forgotten. */
class AddedContextsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T13:00:00Z");
    private static final URI TUTORIAL = URI.create("https://fiware.github.io/tutorials.Step-by-Step/tutorials-context.jsonld");
    private static final JsonNode DOCUMENT = EntityJson.parse(("{'@context': {'tutorial': 'https://fiware.example/ns#', "
            + "'Building': 'tutorial:Building', 'furniture': {'@id': 'tutorial:furniture', '@type': '@id'}}}")
            .replace('\'', '"'));

    @TempDir
    Path dir;

    private static Expander expander(Contexts contexts, String uri) {
        return contexts.expander(JsonLdContext.of(uri));
    }

    @Test
    void aContextAddedForItsUrlExpandsRequestsNamingThatUrl() {
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        assertThatThrownBy(() -> expander(contexts, TUTORIAL.toString())).isInstanceOfSatisfying(BadRequestDataException.class,
                e -> assertThat(e.getMessage()).contains("POST /ngsi-ld/v1/jsonldContexts?url=" + TUTORIAL));

        ContextRegistry.Added added = contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW);

        assertThat(added.kind()).isEqualTo("Cached");
        Expander tutorial = expander(contexts, TUTORIAL.toString());
        assertThat(tutorial.expand("Building")).isEqualTo("https://fiware.example/ns#Building");
        assertThat(tutorial.expand("furniture")).isEqualTo("https://fiware.example/ns#furniture");
        assertThat(tutorial.expand("location")).as("core terms keep their meaning").isEqualTo(CoreContext.expand("location").orElseThrow());
    }

    @Test
    void aHostedContextIsNamedByTheHubsUrlOnAnyHost() {
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        ContextRegistry.Added added = contexts.add(Optional.empty(), DOCUMENT, NOW);

        assertThat(added.kind()).isEqualTo("Hosted");
        for (String host : new String[] {"http://localhost:8080", "https://city.example.org"}) {
            assertThat(expander(contexts, host + Contexts.HOSTED_PATH + added.id()).expand("Building"))
                    .isEqualTo("https://fiware.example/ns#Building");
        }
        assertThatThrownBy(() -> expander(contexts, "http://localhost:8080" + Contexts.HOSTED_PATH + "no-such-id"))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CONTEXT));
    }

    @Test
    void anAddedContextMayNameShippedContextsAndNoOthers() {
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        JsonNode array = EntityJson.parse(("{'@context': ['" + CoreContext.URI + "', "
                + "'https://smart-data-models.github.io/dataModel.Transportation/context.jsonld', {'lane': 'https://x.example/lane'}]}")
                .replace('\'', '"'));
        ContextRegistry.Added added = contexts.add(Optional.empty(), array, NOW);
        Expander e = expander(contexts, "http://h" + Contexts.HOSTED_PATH + added.id());
        assertThat(e.expand("lane")).isEqualTo("https://x.example/lane");
        assertThat(e.expand("intensity")).isEqualTo(expander(contexts,
                "https://smart-data-models.github.io/dataModel.Transportation/context.jsonld").expand("intensity"));

        JsonNode remote = EntityJson.parse("{\"@context\": [\"https://elsewhere.example/context.jsonld\"]}");
        assertThatThrownBy(() -> contexts.add(Optional.empty(), remote, NOW)).isInstanceOfSatisfying(BadRequestDataException.class,
                e2 -> assertThat(e2.jsonPath()).isEqualTo("$['@context'][0]"));
        assertThat(contexts.added()).hasSize(1);
    }

    @Test
    void badDocumentsAndTakenUrlsAreRefusedAndAddNothing() {
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        assertThatThrownBy(() -> contexts.add(Optional.empty(), EntityJson.parse("{\"terms\": {}}"), NOW))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTEXT));
        assertThatThrownBy(() -> contexts.add(Optional.empty(), EntityJson.parse("{\"@context\": {\"@import\": \"x\"}}"), NOW))
                .isInstanceOf(BadRequestDataException.class);
        assertThatThrownBy(() -> contexts.add(Optional.of(URI.create("ftp://x.example/c")), DOCUMENT, NOW))
                .isInstanceOfSatisfying(BadRequestDataException.class, e -> assertThat(e.jsonPath()).isEqualTo("url"));
        assertThatThrownBy(() -> contexts.add(Optional.of(CoreContext.URI), DOCUMENT, NOW))
                .isInstanceOfSatisfying(ContextException.class, e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.ALREADY_EXISTS));
        contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW);
        assertThatThrownBy(() -> contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW))
                .isInstanceOfSatisfying(ContextException.class, e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.ALREADY_EXISTS));
        assertThat(contexts.added()).hasSize(1);
    }

    @Test
    void aRemovedContextIsRefusedAtOnceEvenIfItsExpanderWasCached() {
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        ContextRegistry.Added added = contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW);
        expander(contexts, TUTORIAL.toString());

        contexts.remove(added.id());

        assertThatThrownBy(() -> expander(contexts, TUTORIAL.toString())).isInstanceOf(BadRequestDataException.class);
        assertThatThrownBy(() -> contexts.remove(added.id())).isInstanceOfSatisfying(ContextException.class,
                e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW); // its URL is free again
    }

    @Test
    void addedContextsOutliveARestartInTheirFile() throws Exception {
        Path file = dir.resolve("contexts.json");
        Contexts first = Contexts.shipped().with(ContextRegistry.file(file));
        ContextRegistry.Added kept = first.add(Optional.of(TUTORIAL), DOCUMENT, NOW);
        ContextRegistry.Added gone = first.add(Optional.empty(), DOCUMENT, NOW.plusSeconds(1));
        first.remove(gone.id());

        Contexts again = Contexts.shipped().with(ContextRegistry.file(file));

        assertThat(again.added()).containsExactly(kept);
        assertThat(expander(again, TUTORIAL.toString()).expand("Building")).isEqualTo("https://fiware.example/ns#Building");
        Files.writeString(file, "{\"not\": \"an array\"}");
        assertThatThrownBy(() -> ContextRegistry.file(file)).hasMessageContaining("contexts.json");
    }

    @Test
    void anUnknownUriCostsTheSharedRegistryOneLookUpPerRecheckNotOnePerRequest() {
        ContextRegistry shared = ContextRegistry.inMemory();
        java.util.concurrent.atomic.AtomicInteger lookUps = new java.util.concurrent.atomic.AtomicInteger();
        ContextRegistry counting = new ContextRegistry() {
            @Override
            public java.util.List<Added> all() {
                return shared.all();
            }

            @Override
            public Optional<Added> find(String id) {
                return shared.find(id);
            }

            @Override
            public Optional<Added> findByUrl(URI url) {
                lookUps.incrementAndGet();
                return shared.findByUrl(url);
            }

            @Override
            public boolean insert(Added added) {
                return shared.insert(added);
            }

            @Override
            public boolean delete(String id) {
                return shared.delete(id);
            }
        };
        Contexts contexts = Contexts.shipped().with(counting);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> expander(contexts, TUTORIAL.toString())).isInstanceOf(BadRequestDataException.class);
        }
        assertThat(lookUps.get()).isEqualTo(1);
        contexts.add(Optional.of(TUTORIAL), DOCUMENT, NOW); // added here: known at once
        assertThat(expander(contexts, TUTORIAL.toString()).expand("Building")).isEqualTo("https://fiware.example/ns#Building");
    }

    @Test
    void aContextAnotherHubAddedIsFoundInTheSharedRegistry() {
        ContextRegistry shared = ContextRegistry.inMemory();
        Contexts a = Contexts.shipped().with(shared);
        Contexts b = Contexts.shipped().with(shared);
        ContextRegistry.Added hosted = a.add(Optional.empty(), DOCUMENT, NOW);
        a.add(Optional.of(TUTORIAL), DOCUMENT, NOW);

        assertThat(expander(b, TUTORIAL.toString()).expand("Building")).isEqualTo("https://fiware.example/ns#Building");
        assertThat(expander(b, "https://b.example" + Contexts.HOSTED_PATH + hosted.id()).expand("Building"))
                .isEqualTo("https://fiware.example/ns#Building");
    }
}
