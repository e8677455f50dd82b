package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.govern.store.pg.PostgresCaseStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL, each test in a schema of its own (skipped without
 * {@code CITYBRAIN_TEST_PG_URL}, failed then with {@code CITYBRAIN_REQUIRE_PG=true}); and what only
 * a shared database has: two servers (two stores, each with its own connections) on one database.
 */
class PostgresCaseStoreIT extends CaseStoreContractTest {
    private TestDatabase schema;
    private final List<PostgresDatabase> databases = new ArrayList<>();

    @Override
    CaseStore open() {
        if (schema == null) {
            schema = TestDatabase.createOrSkip();
        }
        PostgresDatabase database = PostgresDatabase.open(schema.options(), 4);
        databases.add(database);
        return new PostgresCaseStore(database);
    }

    @Override
    void drop() {
        databases.forEach(PostgresDatabase::close);
        if (schema != null) {
            schema.close();
        }
    }

    /** Another server's view: a store with connections of its own on the same schema. */
    private Cases otherServer(Clock clock) {
        return Cases.in(open(), GovernanceConfig.defaults(), clock);
    }

    @Test
    void dispatchersOnTwoServersRacingOnOneCaseNeverBothWin() throws Exception {
        raceDispatchers(cases, otherServer(clock));
    }

    @Test
    void oneAlertReportedOnTwoServersIsOneCaseAndNumbersNeverCollide() {
        Cases other = otherServer(clock);
        Cases.Report alert = new Cases.Report(CaseSource.ALERT, "airPollution", "PM2.5 above 75", Optional.of(DONGCHENG),
                Optional.empty(), "rule:pm25", Optional.of("alert:pm25-2"), List.of());
        Case first = cases.report(alert);
        assertThat(other.report(alert)).isEqualTo(first);
        Case a = cases.report(citizen("noise", DONGCHENG));
        Case b = other.report(citizen("noise", DONGCHENG));
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(other.find(a.id())).contains(a);
        assertThat(cases.query(CaseQuery.newest(10).counting(true)).total()).hasValue(3);
    }

    @Test
    void escalationOnTwoServersEscalatesEachCaseOnce() {
        Cases other = otherServer(clock);
        Case gas = cases.report(citizen("gas-leak", DONGCHENG));
        clock.advance(java.time.Duration.ofHours(3));
        int escalated = cases.escalateOverdue().size() + other.escalateOverdue().size();
        assertThat(escalated).isEqualTo(1);
        assertThat(other.history(gas.id())).filteredOn(t -> t.action() == Action.ESCALATE).hasSize(1);
    }

    @Test
    void theRecordCannotBeRewrittenEvenInSql() throws Exception {
        Case c = cases.report(citizen("pothole", DONGCHENG));
        var options = schema.options();
        try (Connection connection = DriverManager.getConnection(options.url(), options.user(), options.password());
                Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + options.schema());
            assertThatThrownBy(() -> sql.executeUpdate("UPDATE citybrain_govern_transition SET body = '{}'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM citybrain_govern_transition"))
                    .hasMessageContaining("append-only");
        }
        assertThat(cases.history(c.id())).hasSize(1);
    }
}
