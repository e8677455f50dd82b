package org.citybrain.hub.store.pg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.hub.store.StoreException;
import org.citybrain.hub.subscription.SubscriptionStore;

/**
 * Subscriptions in {@code citybrain_subscription} (schema {@code postgresql-2.sql}), one row each,
 * shared by every hub on the database. Every change names the {@code modifiedAt} it read and
 * changes nothing if the row has another (optimistic check): a hub never overwrites or revives a
 * subscription that another changed or deleted meanwhile. Counters are written per row under the
 * same check, in one transaction.
 */
public final class PostgresSubscriptions implements SubscriptionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresDatabase database;

    public PostgresSubscriptions(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public List<JsonNode> load() {
        return database.read("reading the subscriptions", c -> {
            List<JsonNode> result = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT id, body FROM citybrain_subscription ORDER BY id");
                 ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    try {
                        result.add(JSON.readTree(rs.getString(2)));
                    } catch (IOException e) {
                        throw new StoreException("citybrain_subscription row " + rs.getString(1) + " is not JSON: "
                                + e.getMessage(), e);
                    }
                }
            }
            return result;
        });
    }

    @Override
    public boolean save(List<ObjectNode> all, Write write) {
        return database.transaction("storing subscription " + write.id(), c -> switch (write.kind()) {
            case CREATE -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO citybrain_subscription (id, modified_at, body)"
                        + " VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                    ObjectNode node = write.node().orElseThrow();
                    insert.setString(1, write.id());
                    insert.setString(2, node.get("modifiedAt").asText());
                    insert.setString(3, node.toString());
                    yield insert.executeUpdate() == 1;
                }
            }
            case REPLACE -> {
                try (PreparedStatement update = c.prepareStatement("UPDATE citybrain_subscription"
                        + " SET modified_at = ?, body = ?, updated_at = now() WHERE id = ? AND modified_at = ?")) {
                    ObjectNode node = write.node().orElseThrow();
                    update.setString(1, node.get("modifiedAt").asText());
                    update.setString(2, node.toString());
                    update.setString(3, write.id());
                    update.setString(4, write.expectedModifiedAt().orElseThrow());
                    yield update.executeUpdate() == 1;
                }
            }
            case DELETE -> {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM citybrain_subscription WHERE id = ? AND modified_at = ?")) {
                    delete.setString(1, write.id());
                    delete.setString(2, write.expectedModifiedAt().orElseThrow());
                    yield delete.executeUpdate() == 1;
                }
            }
            case COUNTERS -> {
                try (PreparedStatement update = c.prepareStatement("UPDATE citybrain_subscription"
                        + " SET body = ?, updated_at = now() WHERE id = ? AND modified_at = ?")) {
                    for (ObjectNode node : all) {
                        update.setString(1, node.toString());
                        update.setString(2, node.get("id").asText());
                        update.setString(3, node.get("modifiedAt").asText());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                yield true;
            }
        });
    }
}
