package org.citybrain.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * PostgreSQL for server tests ({@code CITYBRAIN_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}),
 * each test class in a schema of its own. Skipped without a database, unless
 * {@code CITYBRAIN_REQUIRE_PG=true} (CI), where that fails.
 */
final class TestPostgres {
    static final String URL = System.getenv("CITYBRAIN_TEST_PG_URL");

    private TestPostgres() {
    }

    /** Call from {@code @BeforeAll}. */
    static void requireOrSkip() {
        if ("true".equals(System.getenv("CITYBRAIN_REQUIRE_PG")) && (URL == null || URL.isBlank())) {
            throw new IllegalStateException("CITYBRAIN_REQUIRE_PG=true but CITYBRAIN_TEST_PG_URL is not set");
        }
        assumeTrue(URL != null && !URL.isBlank(), "PostgreSQL not configured (set CITYBRAIN_TEST_PG_URL); skipped");
    }

    /** Call from {@code @DynamicPropertySource}: the data directory, and readings in a fresh schema. */
    static void properties(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("citybrain.data-dir", dataDir::toString);
        registry.add("citybrain.db.url", () -> URL == null ? "" : URL);
        registry.add("citybrain.db.user", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_USER")));
        registry.add("citybrain.db.password", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_PASSWORD")));
        registry.add("citybrain.db.schema", () -> "server_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
}
