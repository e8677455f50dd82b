package org.citybrain.govern.store.pg;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.citybrain.govern.store.ApiKeys;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * Open311 keys' hashes in {@code citybrain_govern_open311_key}: a key issued on one server is valid
 * on every server at once (each check is a look-up by the hash, the primary key).
 */
public final class PostgresApiKeys implements ApiKeys {
    private final PostgresDatabase database;

    /** The keys on {@code database}, its tables created or upgraded now. */
    public PostgresApiKeys(PostgresDatabase database) {
        this.database = database;
        GovernTables.migrate(database);
    }

    @Override
    public void add(String sha256, String client) {
        database.transaction("keeping an Open311 key of " + client, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO citybrain_govern_open311_key (sha256, client) VALUES (?, ?)")) {
                insert.setString(1, sha256);
                insert.setString(2, client);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> client(String sha256) {
        return database.read("checking an Open311 key", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT client FROM citybrain_govern_open311_key WHERE sha256 = ?")) {
                q.setString(1, sha256);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
