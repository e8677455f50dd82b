package org.citybrain.govern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.citybrain.govern.store.pg.PostgresApiKeys;
import org.citybrain.govern.rules.RuleStateStore;
import org.citybrain.govern.store.pg.PostgresRuleDefinitions;
import org.citybrain.govern.store.pg.PostgresRuleStateStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL (each call a new server's connections on one schema), and two servers
 * changing different rules at once.
 */
class PostgresStoresIT extends GovernStoresContractTest {
    private TestDatabase schema;
    private final List<PostgresDatabase> databases = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        schema = TestDatabase.createOrSkip();
    }

    @AfterEach
    void dropSchema() {
        databases.forEach(PostgresDatabase::close);
        if (schema != null) {
            schema.close();
        }
    }

    private PostgresDatabase server() {
        PostgresDatabase database = PostgresDatabase.open(schema.options(), 2);
        databases.add(database);
        return database;
    }

    @Override
    RuleDefinitions rules() {
        return new PostgresRuleDefinitions(server());
    }

    @Override
    ApiKeys keys() {
        return new PostgresApiKeys(server());
    }

    @Override
    RuleStateStore ruleState() {
        return new PostgresRuleStateStore(server(), "main");
    }

    @Test
    void serversOnOneDatabaseKeepTheirRuleStatesApart() {
        try (RuleStateStore a = new PostgresRuleStateStore(server(), "a");
                RuleStateStore b = new PostgresRuleStateStore(server(), "b")) {
            a.delivered(new RuleStateStore.Delivered(1, "raised on a"));
            a.save(new RuleStateStore.Checkpoint(1, SAVED, new byte[] {1}));
            b.delivered(new RuleStateStore.Delivered(1, "raised on b"));
            assertThat(b.load()).isEmpty();
            assertThat(b.deliveredSinceCheckpoint()).extracting(RuleStateStore.Delivered::key).containsExactly("raised on b");
            assertThat(a.deliveredSinceCheckpoint()).isEmpty();
            assertThat(a.load().orElseThrow().state()).containsExactly(1);
        }
    }

    @Test
    void twoServersPuttingDifferentRulesAtOnceKeepBoth() throws Exception {
        RuleDefinitions a = rules();
        RuleDefinitions b = rules();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            RuleDefinitions side = t == 0 ? a : b;
            String prefix = t == 0 ? "a" : "b";
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    side.put(rule(prefix + i, i));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(rules().all()).hasSize(40);
    }
}
