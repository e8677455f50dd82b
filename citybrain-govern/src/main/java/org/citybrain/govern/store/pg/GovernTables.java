package org.citybrain.govern.store.pg;

import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * The govern module's tables in the hub's PostgreSQL database: {@code govern-postgresql-<n>.sql}
 * beside this class, a migration sequence of the module's own (versions in
 * {@code citybrain_govern_schema_version}), applied under the hub's migration lock (decision 0019).
 */
public final class GovernTables {
    /** The version this code reads and writes. */
    public static final int VERSION = 2;
    static final String VERSION_TABLE = "citybrain_govern_schema_version";

    private GovernTables() {
    }

    /**
     * Creates or upgrades the tables; safe to call from every store and every server (each script is
     * applied once).
     *
     * @throws org.citybrain.hub.store.StoreException if that fails, or the database is newer than this code
     */
    public static void migrate(PostgresDatabase database) {
        database.migrate(VERSION_TABLE, GovernTables.class, "govern-postgresql-", VERSION);
    }
}
