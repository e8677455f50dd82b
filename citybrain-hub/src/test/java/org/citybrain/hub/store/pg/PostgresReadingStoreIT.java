package org.citybrain.hub.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.hub.store.Appended;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.ReadingStoreContractTest;
import org.citybrain.hub.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against PostgreSQL, each test in a schema of its own, and what is particular to
 * the database: schema versions, time range, text it cannot hold, recovery from a lost connection.
 */
class PostgresReadingStoreIT extends ReadingStoreContractTest {
    private TestDatabase database;

    @BeforeEach
    void createSchema() {
        database = TestDatabase.createOrSkip();
    }

    @Override
    protected PostgresReadingStore open() {
        return closeAfterTest(PostgresReadingStore.open(database.options()));
    }

    @AfterEach
    @Override
    protected void closeStores() {
        super.closeStores();
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theSchemaIsCreatedOnceAndItsVersionRecorded() throws SQLException {
        open().close();
        open().close();
        assertThat(queryLongs("SELECT version FROM citybrain_schema_version ORDER BY version")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(queryLongs("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                + database.options().schema() + "' AND table_name LIKE 'citybrain_%'")).containsExactly(9L);
    }

    @Test
    void version3KeepsTheOlderRuleForTheIdsThatHaveReadingsButNoEntity() throws SQLException {
        try (Connection connection = connect()) {
            Schema.migrate(connection, database.options().schema(),
                    new Schema.Migrations("citybrain_schema_version", Schema.class, "postgresql-", 2));
        }
        for (String id : List.of("urn:x:gone", "urn:x:kept")) {
            execute("INSERT INTO citybrain_current VALUES ('" + id + "', 'speed', 0, 'd1', 0, now(), 'T', '{}')");
        }
        execute("INSERT INTO citybrain_entity VALUES ('urn:x:kept', 'T', 1, now(), false, '{}', '{}')");
        open().close();
        assertThat(queryLongs("SELECT count(*) FROM citybrain_entity_deleted WHERE id = 'urn:x:gone' AND deleted_at = ''"))
                .containsExactly(1L);
        assertThat(queryLongs("SELECT count(*) FROM citybrain_entity_deleted")).containsExactly(1L);
    }

    @Test
    void theStoresSessionsCommitSynchronouslyAndNeverJitCompile() {
        try (PostgresDatabase db = PostgresDatabase.open(database.options(), 1)) {
            List<String> settings = db.read("reading the session's settings", c -> {
                List<String> values = new ArrayList<>();
                try (Statement s = c.createStatement()) {
                    for (String name : List.of("synchronous_commit", "jit")) {
                        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                            rs.next();
                            values.add(name + "=" + rs.getString(1));
                        }
                    }
                }
                return values;
            });
            assertThat(settings).containsExactly("synchronous_commit=on", "jit=off");
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() throws SQLException {
        open().close();
        execute("INSERT INTO citybrain_schema_version (version) VALUES (" + (Schema.VERSION + 1) + ")");
        assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("newer than this hub knows");
    }

    @Test
    void observedAtIsAlsoATimestampFlooredToTheMicrosecond() throws SQLException {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", Instant.parse("2025-05-01T08:00:00.123456789Z"), 1),
                reading("d1", "intensity", Instant.parse("1969-12-31T23:59:59.999999999Z"), 2)));
        assertThat(queryLongs("SELECT (extract(epoch FROM observed_at) * 1000000)::bigint FROM citybrain_reading"
                + " ORDER BY observed_ns")).containsExactly(-1L, 1_746_086_400_123_456L);
        assertThat(queryLongs("SELECT observed_ns FROM citybrain_reading ORDER BY observed_ns"))
                .containsExactly(-1L, 1_746_086_400_123_456_789L);
    }

    @Test
    void theEdgesOfTheNanosecondRangeAreKeptAndBeyondThemNothingIsQueued() {
        ReadingStore store = open();
        Instant first = PostgresReadingStore.MIN_INSTANT;
        Instant last = PostgresReadingStore.MAX_INSTANT;
        assertThat(store.append(List.of(reading("d1", "intensity", first, 1), reading("d1", "intensity", last, 2))))
                .isEqualTo(new Appended(2, 0));
        assertThat(intensity(store)).extracting(Reading::observedAt).containsExactly(first, last);
        assertThat(store.history(ROAD, "intensity", last, Instant.MAX)).hasSize(1);
        assertThat(store.history(ROAD, "intensity", Instant.MIN, first.plusNanos(1))).hasSize(1);
        assertThat(store.history(ROAD, "intensity", last.plusNanos(1), Instant.MAX)).isEmpty();

        assertThatThrownBy(() -> store.append(List.of(reading("d1", "intensity", 3, 3),
                reading("d1", "intensity", last.plusNanos(1), 4)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
        assertThat(intensity(store)).hasSize(2);
    }

    @Test
    void aNulCharacterIsRefusedBeforeItCanFailABatchSharedWithOthers() {
        ReadingStore store = open();
        assertThatThrownBy(() -> store.append(List.of(new Reading("d1", ROAD, "TrafficFlowObserved", "intensity", T0,
                "{\"type\":\"Property\",\"value\":\"a\0b\"}")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void afterItsConnectionIsKilledTheStoreFailsThatBatchAtMostAndGoesOn() throws SQLException {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", 1, 1)));
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'citybrain-hub'"
                + " AND pid <> pg_backend_pid() AND datname = current_database()"
                + " AND query LIKE '%citybrain_reading%'");
        List<Integer> stored = new ArrayList<>();
        for (int s = 2; s <= 4; s++) {
            try {
                store.append(List.of(reading("d1", "intensity", s, s)));
                stored.add(s);
            } catch (StoreException e) {
                assertThat(s).as("only the first append after the kill may fail").isEqualTo(2);
            }
        }
        assertThat(stored).contains(3, 4);
        assertThat(intensity(store)).hasSize(stored.size() + 1);
    }

    private List<Long> queryLongs(String sql) throws SQLException {
        List<Long> result = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getLong(1));
            }
        }
        return result;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        PostgresOptions options = database.options();
        Connection connection = DriverManager.getConnection(options.url(), options.user(), options.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + options.schema());
        }
        return connection;
    }
}
