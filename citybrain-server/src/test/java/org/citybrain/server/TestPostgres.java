package org.citybrain.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * PostgreSQL for server tests ({@code CITYBRAIN_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}),
 * each test class in a schema of its own, dropped when the class ends (pass or fail). Skipped
 * without a database, unless {@code CITYBRAIN_REQUIRE_PG=true} (CI), where that fails.
 *
 * <p>A class that starts its servers itself takes a name from {@link #newSchema} and calls
 * {@link #drop} in {@code @AfterAll} (or a {@code finally}), once every server on it has stopped;
 * servers restarted on the same schema within the class see their state. A Spring test class
 * passes {@link #properties} in a {@code @DynamicPropertySource} and is annotated with
 * {@code @DirtiesContext(classMode = AFTER_CLASS)} and {@link DropSchema} as a
 * {@code @TestExecutionListeners} (merged with the defaults): its server stops with the class and
 * its schema is dropped after that.
 */
public final class TestPostgres {
    public static final String URL = System.getenv("CITYBRAIN_TEST_PG_URL");
    /** The schemas of the Spring test classes, dropped by {@link DropSchema}. */
    private static final Map<Class<?>, String> SCHEMAS = new ConcurrentHashMap<>();

    private TestPostgres() {
    }

    /** Call from {@code @BeforeAll}. */
    public static void requireOrSkip() {
        if ("true".equals(System.getenv("CITYBRAIN_REQUIRE_PG")) && (URL == null || URL.isBlank())) {
            throw new IllegalStateException("CITYBRAIN_REQUIRE_PG=true but CITYBRAIN_TEST_PG_URL is not set");
        }
        assumeTrue(URL != null && !URL.isBlank(), "PostgreSQL not configured (set CITYBRAIN_TEST_PG_URL); skipped");
    }

    /** A fresh schema name starting with {@code prefix}; the server creates the schema. */
    public static String newSchema(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * Call from {@code @DynamicPropertySource}: the data directory, and readings in a fresh schema
     * that {@link DropSchema} drops when {@code testClass} ends.
     */
    static void properties(DynamicPropertyRegistry registry, Path dataDir, Class<?> testClass) {
        String schema = SCHEMAS.computeIfAbsent(testClass, c -> newSchema("server_it_"));
        registry.add("citybrain.data-dir", dataDir::toString);
        registry.add("citybrain.db.url", () -> URL == null ? "" : URL);
        registry.add("citybrain.db.user", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_USER")));
        registry.add("citybrain.db.password", () -> String.valueOf(System.getenv("CITYBRAIN_TEST_PG_PASSWORD")));
        registry.add("citybrain.db.schema", () -> schema);
    }

    /** Drops {@code schema} and everything in it, if it exists and a database is configured. */
    public static void drop(String schema) {
        if (schema == null || URL == null || URL.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, System.getenv("CITYBRAIN_TEST_PG_USER"),
                System.getenv("CITYBRAIN_TEST_PG_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test schema " + schema + " in " + URL + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops the schema of a Spring test class ({@link #properties}) after the class: ordered
     * before {@code DirtiesContextTestExecutionListener} (3000), so that its {@code afterTestClass}
     * runs after that listener has closed the class's server.
     */
    static final class DropSchema extends AbstractTestExecutionListener {
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public void afterTestClass(TestContext testContext) {
            drop(SCHEMAS.remove(testContext.getTestClass()));
        }
    }
}
