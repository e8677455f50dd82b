package org.citybrain.server.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * The API's users in {@code citybrain_user} (the hub's schema, {@code postgresql-2.sql}): name,
 * role and SHA-256 of the token, which is unique. The keys settle two servers adding one name or
 * token at once: one insert wins, the other is refused.
 */
public final class PostgresUsers implements UserRegistry.Backend {
    private final PostgresDatabase database;

    public PostgresUsers(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public List<UserRegistry.Entry> all() {
        return database.read("reading the users", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT name, role, token_sha256 FROM citybrain_user ORDER BY name")) {
                return entries(query);
            }
        });
    }

    @Override
    public Optional<UserRegistry.Entry> byTokenHash(String tokenHash) {
        return database.read("authenticating a user", c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT name, role, token_sha256 FROM citybrain_user WHERE token_sha256 = ?")) {
                query.setString(1, tokenHash);
                return entries(query).stream().findFirst();
            }
        });
    }

    @Override
    public void insert(UserRegistry.Entry entry) {
        String refused = database.transaction("adding user " + entry.user().name(), c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO citybrain_user (name, role, token_sha256)"
                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, entry.user().name());
                insert.setString(2, entry.user().role().name());
                insert.setString(3, entry.tokenHash());
                return insert.executeUpdate() == 1 ? null : (exists(c, entry.user().name())
                        ? "user " + entry.user().name() + " exists" : "that token belongs to another user");
            }
        });
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM citybrain_user WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<UserRegistry.Entry> entries(PreparedStatement query) throws SQLException {
        List<UserRegistry.Entry> result = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                result.add(new UserRegistry.Entry(new User(rs.getString(1), Role.valueOf(rs.getString(2))), rs.getString(3)));
            }
        }
        return result;
    }
}
