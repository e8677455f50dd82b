package org.citybrain.hub.store.pg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.citybrain.hub.store.StoreException;

/**
 * Creates or upgrades the store's tables: {@code postgresql-<n>.sql} for every version n above the
 * one recorded in {@code citybrain_schema_version}, each in the transaction that records it. An
 * advisory lock keeps two hubs starting at once from applying the same version twice.
 */
final class Schema {
    /** The version this code reads and writes. */
    static final int VERSION = 2;

    /** Any fixed number; only schema changes take this advisory lock. */
    private static final long MIGRATION_LOCK = 0x43_42_5f_53_43_48_45_4dL; // "CB_SCHEM"

    private Schema() {
    }

    /**
     * Brings {@code schema} (the connection's search path) to {@link #VERSION}.
     *
     * @throws StoreException if the database holds a newer version than this code knows
     */
    static void migrate(Connection connection, String schema) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            if (!exists(connection, schema)) {
                // only when missing: CREATE SCHEMA IF NOT EXISTS needs the privilege even then
                statement.execute("CREATE SCHEMA " + schema);
            }
            statement.execute("CREATE TABLE IF NOT EXISTS citybrain_schema_version ("
                    + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM citybrain_schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > VERSION) {
                throw new StoreException("schema " + schema + " is at version " + current
                        + ", newer than this hub knows (" + VERSION + "); run a newer hub");
            }
            for (int version = current + 1; version <= VERSION; version++) {
                statement.execute(script(version));
                statement.execute("INSERT INTO citybrain_schema_version (version) VALUES (" + version + ")");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String script(int version) {
        String name = "postgresql-" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + Schema.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }
}
