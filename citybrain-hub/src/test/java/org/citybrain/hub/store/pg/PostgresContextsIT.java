package org.citybrain.hub.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.jsonld.ContextRegistry;
import org.citybrain.hub.jsonld.Contexts;
import org.junit.jupiter.api.Test;

/** Added JSON-LD contexts in PostgreSQL: kept across hubs, unique by id and URL, deleted. */
class PostgresContextsIT extends OnTestDatabase {
    private static final URI URL = URI.create("https://city.example.org/contexts/lighting.jsonld");
    private static final JsonNode BODY = EntityJson.parse("{\"@context\": {\"lux\": \"https://city.example.org/ns#lux\"}}");
    private static final Instant NOW = Instant.parse("2026-11-30T13:00:00.123456Z");

    @Test
    void contextsAreKeptUniqueByIdAndUrlAndDeleted() {
        PostgresContexts registry = new PostgresContexts(database);
        ContextRegistry.Added cached = new ContextRegistry.Added("a", Optional.of(URL), BODY, NOW);
        ContextRegistry.Added hosted = new ContextRegistry.Added("b", Optional.empty(), BODY, NOW.plusSeconds(1));

        assertThat(registry.insert(cached)).isTrue();
        assertThat(registry.insert(hosted)).isTrue();
        assertThat(registry.insert(new ContextRegistry.Added("a", Optional.empty(), BODY, NOW))).as("id taken").isFalse();
        assertThat(registry.insert(new ContextRegistry.Added("c", Optional.of(URL), BODY, NOW))).as("URL taken").isFalse();

        assertThat(registry.all()).containsExactly(cached, hosted);
        assertThat(registry.find("b")).contains(hosted);
        assertThat(registry.findByUrl(URL)).contains(cached);
        assertThat(registry.delete("a")).isTrue();
        assertThat(registry.delete("a")).isFalse();
        assertThat(registry.findByUrl(URL)).isEmpty();
    }

    @Test
    void aContextOneHubAddsAnotherResolvesAndARestartKeeps() {
        Contexts one = Contexts.shipped().with(new PostgresContexts(database));
        Contexts two = Contexts.shipped().with(new PostgresContexts(database));
        one.add(Optional.of(URL), BODY, NOW);

        assertThat(two.expander(JsonLdContext.of(URL.toString())).expand("lux")).isEqualTo("https://city.example.org/ns#lux");
        Contexts restarted = Contexts.shipped().with(new PostgresContexts(database));
        assertThat(restarted.added()).hasSize(1);
        assertThat(restarted.expander(JsonLdContext.of(URL.toString())).expand("lux")).isEqualTo("https://city.example.org/ns#lux");
    }
}
