package org.citybrain.server.hub;

import java.util.Optional;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.server.ServerSettings;

/**
 * Where the server keeps its state: PostgreSQL in production mode ({@code citybrain.db.url}, i.e.
 * {@code CITYBRAIN_DB_URL}, set) — readings, entities, devices, users and subscriptions, all there —
 * else the data directory (embedded mode). Decision 0013.
 *
 * @param options  the database's options, in production mode
 * @param database its connections for everything but readings (the readings' store has its own)
 */
public record Storage(Optional<PostgresOptions> options, Optional<PostgresDatabase> database) implements AutoCloseable {
    /** Connections for entities, devices, users and subscriptions together. */
    static final int CONNECTIONS = 8;

    /** Opens the database (creating or upgrading its schema) if the settings name one. */
    static Storage of(ServerSettings settings) {
        ServerSettings.Database db = settings.db();
        if (db.url().isEmpty()) {
            return new Storage(Optional.empty(), Optional.empty());
        }
        PostgresOptions options = PostgresOptions.of(db.url().get(), db.user().orElse(""), db.password().orElse(""));
        if (db.schema().isPresent()) {
            options = options.withSchema(db.schema().get());
        }
        return new Storage(Optional.of(options), Optional.of(PostgresDatabase.open(options, CONNECTIONS)));
    }

    /** Whether the state is in PostgreSQL. */
    public boolean production() {
        return database.isPresent();
    }

    @Override
    public void close() {
        database.ifPresent(PostgresDatabase::close);
    }
}
