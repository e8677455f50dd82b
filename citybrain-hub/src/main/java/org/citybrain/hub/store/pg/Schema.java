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
 *
 * <p>Other modules keep tables of their own in the same database with a migration sequence of
 * their own ({@link PostgresDatabase#migrate}): their scripts beside their code, their versions in
 * a table of their own, under the same lock.
 */
final class Schema {
    /** The version this code reads and writes. */
    static final int VERSION = 4;

    /** The hub's own sequence. */
    static final Migrations HUB = new Migrations("citybrain_schema_version", Schema.class, "postgresql-", VERSION);

    /**
     * A sequence of migration scripts: {@code <scripts><n>.sql} next to {@code owner} (as class
     * path resources), n = 1..{@code version}, the versions applied recorded in {@code versionTable}.
     */
    record Migrations(String versionTable, Class<?> owner, String scripts, int version) {
        Migrations {
            if (!versionTable.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("versionTable must be a lower case SQL identifier: " + versionTable);
            }
            if (version < 1) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
        }
    }

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
        migrate(connection, schema, HUB);
    }

    /**
     * Brings {@code schema} (the connection's search path) to {@code m.version()}, creating the
     * schema if missing.
     *
     * @throws StoreException if the database holds a newer version than this code knows
     */
    static void migrate(Connection connection, String schema, Migrations m) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            if (!exists(connection, schema)) {
                // only when missing: CREATE SCHEMA IF NOT EXISTS needs the privilege even then
                statement.execute("CREATE SCHEMA " + schema);
            }
            // the table name is a checked identifier (Migrations)
            statement.execute("CREATE TABLE IF NOT EXISTS " + m.versionTable() + " ("
                    + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + m.versionTable())) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > m.version()) {
                throw new StoreException("schema " + schema + " is at version " + current + " of " + m.versionTable()
                        + ", newer than this hub knows (" + m.version() + "); run a newer hub");
            }
            for (int version = current + 1; version <= m.version(); version++) {
                statement.execute(script(m, version));
                statement.execute("INSERT INTO " + m.versionTable() + " (version) VALUES (" + version + ")");
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

    private static String script(Migrations m, int version) {
        String name = m.scripts() + version + ".sql";
        try (InputStream in = m.owner().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + m.owner().getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }
}
