package org.citybrain.hub.store.pg;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the test database named by {@code CITYBRAIN_TEST_PG_URL} (with
 * {@code _USER} and {@code _PASSWORD}), dropped on {@link #close}. Without that variable the
 * calling test is skipped, unless {@code CITYBRAIN_REQUIRE_PG=true} (as in CI), where it fails.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String PREFIX = "CITYBRAIN_TEST_PG";

    private final PostgresOptions options;

    private TestDatabase(PostgresOptions options) {
        this.options = options;
    }

    /** The configured database, or the test is skipped (or failed, where it is required). */
    public static PostgresOptions configuredOrSkip() {
        Optional<PostgresOptions> configured = PostgresOptions.fromEnvironment(System.getenv(), PREFIX);
        if (configured.isEmpty()) {
            String why = PREFIX + "_URL is not set (with " + PREFIX + "_USER and " + PREFIX
                    + "_PASSWORD, e.g. jdbc:postgresql://127.0.0.1:5432/citybrain_test; .ci/start-postgres makes one)";
            if ("true".equals(System.getenv("CITYBRAIN_REQUIRE_PG"))) {
                fail("CITYBRAIN_REQUIRE_PG=true but " + why);
            }
            Assumptions.abort("no PostgreSQL for this test: " + why);
        }
        return configured.orElseThrow();
    }

    /** Creates an empty schema of its own in the configured database. */
    public static TestDatabase createOrSkip() {
        PostgresOptions base = configuredOrSkip();
        String schema = "citybrain_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(base, "CREATE SCHEMA " + schema);
        return new TestDatabase(base.withSchema(schema));
    }

    /** Options for a store in this schema. */
    public PostgresOptions options() {
        return options;
    }

    @Override
    public void close() {
        execute(options, "DROP SCHEMA IF EXISTS " + options.schema() + " CASCADE");
    }

    private static void execute(PostgresOptions options, String sql) {
        try (Connection connection = DriverManager.getConnection(options.url(), options.user(), options.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("test database " + options.url() + " as " + options.user() + ": " + e.getMessage(), e);
        }
    }
}
