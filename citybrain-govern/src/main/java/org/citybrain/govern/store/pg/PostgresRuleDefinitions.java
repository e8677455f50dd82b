package org.citybrain.govern.store.pg;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleJson;
import org.citybrain.govern.store.RuleDefinitions;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * The rules in {@code citybrain_govern_rule}, one row each (the JSON of {@link RuleJson#write}),
 * ordered by when they were last put. One row per rule, so two servers changing different rules
 * at once keep both changes; {@link #replaceAll} is one transaction.
 */
public final class PostgresRuleDefinitions implements RuleDefinitions {
    private final PostgresDatabase database;

    /** The rules on {@code database}, its tables created or upgraded now. */
    public PostgresRuleDefinitions(PostgresDatabase database) {
        this.database = database;
        GovernTables.migrate(database);
    }

    @Override
    public List<Rule> all() {
        return database.read("reading the rules", c -> {
            List<Rule> out = new ArrayList<>();
            try (Statement q = c.createStatement();
                    ResultSet rs = q.executeQuery("SELECT id, body FROM citybrain_govern_rule ORDER BY position")) {
                while (rs.next()) {
                    out.add(RuleJson.readRule(rs.getString(2), "citybrain_govern_rule " + rs.getString(1)));
                }
            }
            return out;
        });
    }

    @Override
    public void replaceAll(List<Rule> rules) {
        database.transaction("replacing the rules", c -> {
            try (Statement delete = c.createStatement()) {
                delete.execute("DELETE FROM citybrain_govern_rule");
            }
            for (Rule r : rules) {
                upsert(c, r);
            }
            return null;
        });
    }

    @Override
    public boolean put(Rule rule) {
        return database.transaction("putting rule " + rule.id(), c -> upsert(c, rule));
    }

    /** Whether a row was replaced. */
    private static boolean upsert(java.sql.Connection c, Rule rule) throws java.sql.SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO citybrain_govern_rule AS r (id, position, body) "
                + "VALUES (?, nextval('citybrain_govern_rule_position'), ?) ON CONFLICT (id) DO UPDATE SET "
                + "position = excluded.position, body = excluded.body, updated_at = now() RETURNING (xmax <> 0)")) {
            upsert.setString(1, rule.id());
            upsert.setString(2, RuleJson.write(rule).toString());
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public boolean remove(String id) {
        return database.transaction("removing rule " + id, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM citybrain_govern_rule WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }
}
