package org.citybrain.govern.store.pg;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.citybrain.govern.rules.RuleStateStore;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * The rules' state of one server ({@code node}) in PostgreSQL: the checkpoint in
 * {@code citybrain_govern_rule_checkpoint}, replaced in the transaction that also deletes the
 * journal rows it covers, and the journal in {@code citybrain_govern_rule_event}, one committed row
 * per delivered event. Servers sharing a database each keep their own row under their own node
 * name, since each evaluates the readings written through it.
 */
public final class PostgresRuleStateStore implements RuleStateStore {
    private final PostgresDatabase database;
    private final String node;

    /** The state of {@code node} on {@code database}, its tables created or upgraded now. */
    public PostgresRuleStateStore(PostgresDatabase database, String node) {
        this.database = Objects.requireNonNull(database, "database");
        this.node = Objects.requireNonNull(node, "node");
        if (node.isBlank()) {
            throw new IllegalArgumentException("a node name cannot be blank");
        }
        GovernTables.migrate(database);
    }

    @Override
    public Optional<Checkpoint> load() {
        return database.read("reading the rules' checkpoint of " + node, c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT seq, saved_at, state FROM citybrain_govern_rule_checkpoint WHERE node = ?")) {
                q.setString(1, node);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Checkpoint(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3)))
                            : Optional.<Checkpoint>empty();
                }
            }
        });
    }

    @Override
    public List<Delivered> deliveredSinceCheckpoint() {
        return database.read("reading the rules' alert journal of " + node, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT e.seq, e.key FROM citybrain_govern_rule_event e "
                    + "LEFT JOIN citybrain_govern_rule_checkpoint k ON k.node = e.node "
                    + "WHERE e.node = ? AND (k.seq IS NULL OR e.seq > k.seq) ORDER BY e.seq")) {
                q.setString(1, node);
                List<Delivered> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delivered(rs.getLong(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void save(Checkpoint checkpoint) {
        database.transaction("saving the rules' checkpoint of " + node, c -> {
            try (PreparedStatement put = c.prepareStatement("INSERT INTO citybrain_govern_rule_checkpoint "
                    + "(node, seq, saved_at, state) VALUES (?, ?, ?, ?) ON CONFLICT (node) DO UPDATE "
                    + "SET seq = EXCLUDED.seq, saved_at = EXCLUDED.saved_at, state = EXCLUDED.state");
                    PreparedStatement forget = c.prepareStatement(
                            "DELETE FROM citybrain_govern_rule_event WHERE node = ? AND seq <= ?")) {
                put.setString(1, node);
                put.setLong(2, checkpoint.seq());
                put.setTimestamp(3, Timestamp.from(checkpoint.savedAt()));
                put.setBytes(4, checkpoint.state());
                put.executeUpdate();
                forget.setString(1, node);
                forget.setLong(2, checkpoint.seq());
                return forget.executeUpdate();
            }
        });
    }

    @Override
    public void delivered(Delivered event) {
        database.transaction("journalling an alert event of " + node, c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO citybrain_govern_rule_event (node, seq, key) "
                    + "VALUES (?, ?, ?) ON CONFLICT (node, seq) DO UPDATE SET key = EXCLUDED.key")) {
                insert.setString(1, node);
                insert.setLong(2, event.seq());
                insert.setString(3, event.key());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        // the connections are the database's
    }
}
