package org.citybrain.hub.store.pg;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.jsonld.ContextRegistry;
import org.citybrain.hub.store.StoreException;

/**
 * The JSON-LD contexts added at run time in {@code citybrain_jsonld_context} (schema
 * {@code postgresql-4.sql}): one row per context. Its keys settle two hubs adding the same id or URL
 * at once: one insert wins, the other is told it is taken.
 */
public final class PostgresContexts implements ContextRegistry {
    private static final String COLUMNS = "SELECT id, url, created_at, body FROM citybrain_jsonld_context";
    private final PostgresDatabase database;

    public PostgresContexts(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public List<Added> all() {
        return database.read("reading the added contexts", c -> {
            try (PreparedStatement query = c.prepareStatement(COLUMNS + " ORDER BY created_at, id");
                 ResultSet rs = query.executeQuery()) {
                List<Added> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(decode(rs));
                }
                return result;
            }
        });
    }

    @Override
    public Optional<Added> find(String id) {
        return one("reading context " + id, COLUMNS + " WHERE id = ?", id);
    }

    @Override
    public Optional<Added> findByUrl(URI url) {
        return one("reading context " + url, COLUMNS + " WHERE url = ?", url.toString());
    }

    private Optional<Added> one(String what, String sql, String key) {
        return database.read(what, c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setString(1, key);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(decode(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean insert(Added added) {
        return database.transaction("adding context " + added.id(), c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO citybrain_jsonld_context"
                    + " (id, url, created_at, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, added.id());
                insert.setString(2, added.url().map(URI::toString).orElse(null));
                insert.setTimestamp(3, Timestamp.from(added.createdAt()));
                insert.setString(4, added.body().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return database.transaction("deleting context " + id, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM citybrain_jsonld_context WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static Added decode(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        try {
            String url = rs.getString(2);
            return new Added(id, url == null ? Optional.empty() : Optional.of(URI.create(url)),
                    EntityJson.parse(rs.getString(4)), rs.getTimestamp(3).toInstant());
        } catch (RuntimeException e) {
            throw new StoreException("citybrain_jsonld_context row " + id + " is not a context: " + e.getMessage(), e);
        }
    }
}
