package org.citybrain.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The telemetry tests again with the production store: readings in PostgreSQL
 * ({@code CITYBRAIN_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}), in a schema of their own.
 * Skipped without a database, unless {@code CITYBRAIN_REQUIRE_PG=true} (CI), where that fails.
 */
// metrics are exported in tests only when asked for
@AutoConfigureObservability
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + TelemetryTests.ADMIN, "citybrain.max-body-bytes=4096"})
class TelemetryOnPostgresIT extends TelemetryTests {
    private static final String URL = System.getenv("CITYBRAIN_TEST_PG_URL");
    private static final java.nio.file.Path OWN_DATA = TestData.newDirectory();

    @BeforeAll
    static void database() {
        if ("true".equals(System.getenv("CITYBRAIN_REQUIRE_PG"))) {
            if (URL == null || URL.isBlank()) {
                throw new IllegalStateException("CITYBRAIN_REQUIRE_PG=true but CITYBRAIN_TEST_PG_URL is not set");
            }
        }
        assumeTrue(URL != null && !URL.isBlank(), "PostgreSQL not configured (set CITYBRAIN_TEST_PG_URL); skipped");
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", OWN_DATA::toString);
        registry.add("citybrain.db.url", () -> URL == null ? "" : URL);
        registry.add("citybrain.db.user", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_USER")));
        registry.add("citybrain.db.password", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_PASSWORD")));
        registry.add("citybrain.db.schema", () -> "server_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
}
