package org.citybrain.hub.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.StoreException;
import org.citybrain.hub.store.pg.CurrentReadings;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * The production {@link ContextStore}: every entity a row of {@code citybrain_entity} in
 * PostgreSQL (schema {@code postgresql-2.sql}), telemetry from the {@link ReadingStore} laid over
 * it as in the embedded store ({@link Overlay}). Same contract, same tests. See
 * docs/hub/postgresql.md and decision 0013.
 *
 * <h2>Writes</h2>
 * One request (one entity, or one batch) is one transaction. It takes a transaction-level advisory
 * lock per id (in the order of their 64-bit hashes, so that two requests cannot deadlock), reads the
 * rows it changes, applies the NGSI-LD rules, and inserts, updates or deletes the rows; an update
 * or delete names the version it read and fails the attempt if another changed it (an optimistic
 * check that the locks make a formality). The commit waits for the WAL flush. The advisory locks
 * also cover ids that have no row yet: two hubs creating the same entity at once end with one
 * entity and one {@code AlreadyExists}. Within this process the writes to one entity are also
 * serialized by the lock stripes of {@link AbstractContextStore}, so that changes are published in
 * order.
 *
 * <h2>History</h2>
 * A write sets {@code history_pending}; once its history is in the ReadingStore the flag is cleared
 * (a commit that need not wait for the flush: a lost clear only stores the history again, which is
 * idempotent). Opening stores the history of every row still flagged.
 *
 * <h2>Reads</h2>
 * {@link #find} reads one row. {@link #query} without {@code q}, {@code geoQ}, {@code attrs} or an
 * id pattern pages and counts in SQL ({@code ORDER BY id LIMIT OFFSET}, {@code count(*)}, through
 * the primary key or the type index); with them it streams the candidate rows (by id or type, in id
 * order) and tests each on its current values, as the embedded store does.
 *
 * <p>When the ReadingStore is a {@link org.citybrain.hub.store.pg.PostgresReadingStore} on the same
 * database, schema and role ({@link CurrentReadings#sameTables}), as the server wires them, every
 * read above fetches each row's current readings in the same statement
 * ({@link CurrentReadings#lateral}): a retrieval is one round trip, a page one (and one more for
 * the count), not one more per entity; the {@link Overlay} merges them by its one set of rules.
 * So do the type and attribute listings (one stream), and a write's {@code SELECT ... FOR UPDATE},
 * whose readings the rules ask which attributes an entity shows.
 * Row and readings then come from one snapshot, taken when the statement starts: every reading
 * whose append had returned by then (its commit was flushed and visible) is in it. With any other
 * ReadingStore the overlay asks it for each entity's readings.
 *
 * <h2>Limits</h2>
 * Entity changes reach the {@link ChangeFeed} of the process that wrote them: subscriptions of
 * another hub on the same database are not notified of them.
 */
public final class PostgresContextStore extends AbstractContextStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows fetched per round trip while streaming a query. */
    private static final int FETCH = 512;
    private static final EntityQuery ALL = new EntityQuery(Set.of(), Set.of(), Optional.empty(), Set.of(),
            Optional.empty(), 0, 0, true);

    private static final String LOCK_IDS = "SELECT pg_advisory_xact_lock(k) FROM"
            + " (SELECT DISTINCT hashtextextended(i, 0) AS k FROM unnest(?::text[]) AS i) AS keys ORDER BY k";
    private static final String READ_FOR_WRITE = "SELECT id, version, floors, entity FROM citybrain_entity"
            + " WHERE id = ANY(?::text[]) ORDER BY id FOR UPDATE";
    /** {@link #READ_FOR_WRITE} with each row's current readings (locking the rows alone). */
    private static final String READ_FOR_WRITE_WITH_CURRENT = "SELECT e.id, e.version, e.floors, e.entity, "
            + CurrentReadings.COLUMNS + " FROM citybrain_entity AS e, " + CurrentReadings.lateral("e.id")
            + " WHERE e.id = ANY(?::text[]) ORDER BY e.id FOR UPDATE OF e";
    private static final String INSERT = "INSERT INTO citybrain_entity"
            + " (id, type, version, modified_at, history_pending, floors, entity) VALUES (?, ?, 1, ?, true, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String UPDATE = "UPDATE citybrain_entity SET type = ?, version = version + 1, modified_at = ?,"
            + " history_pending = true, floors = ?, entity = ? WHERE id = ? AND version = ?";
    private static final String DELETE = "DELETE FROM citybrain_entity WHERE id = ? AND version = ?";
    private static final String READ_DELETED = "SELECT id, deleted_at FROM citybrain_entity_deleted"
            + " WHERE id = ANY(?::text[])";
    private static final String KEEP_DELETED = "INSERT INTO citybrain_entity_deleted (id, deleted_at) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at";
    private static final String FORGET_DELETED = "DELETE FROM citybrain_entity_deleted WHERE id = ?";
    private static final String HISTORY_DONE = "UPDATE citybrain_entity SET history_pending = false"
            + " WHERE id = ? AND version = ?";
    private static final String HISTORY_PENDING = "SELECT id, version, floors, entity FROM citybrain_entity"
            + " WHERE history_pending ORDER BY id";

    private final PostgresDatabase database;
    private final ChangeFeed feed;
    /** Whether reads fetch the current readings with the rows ({@link CurrentReadings}). */
    private final boolean joined;

    /** A row as read for a write: its version, decoded state and, if read with it, current readings (else null). */
    private record Row(long version, Stored stored, Map<String, Reading> current) {
    }

    /**
     * A row as a read found it, with the entity's current readings if the statement fetched them
     * (null: the ReadingStore is asked when merging).
     */
    private record Loaded(Stored stored, Map<String, Reading> current) {
    }

    /** A row to write: the state after the request, the version it was read at (0: none). */
    private record Put(Stored after, String json, long readVersion) {
    }

    private PostgresContextStore(PostgresDatabase database, ReadingStore readings, Clock clock, ChangeFeed changes) {
        super(readings, clock);
        this.database = Objects.requireNonNull(database, "database");
        this.feed = Objects.requireNonNull(changes, "changes");
        this.joined = CurrentReadings.sameTables(readings, database.options());
        repairHistory();
    }

    /**
     * Opens the store on {@code database} (whose schema {@link PostgresDatabase#open} has brought up
     * to date) and stores the history that a crash kept from the ReadingStore. The database stays
     * the caller's to close.
     *
     * @param readings where devices' readings are (the overlay) and API writes' history goes
     * @param clock    the source of createdAt/modifiedAt
     * @param changes  where every durable write is published
     * @throws StoreException if the database fails
     */
    public static PostgresContextStore open(PostgresDatabase database, ReadingStore readings, Clock clock,
            ChangeFeed changes) {
        return new PostgresContextStore(database, readings, clock, changes);
    }

    /** Like {@link #open(PostgresDatabase, ReadingStore, Clock, ChangeFeed)} without listeners. */
    public static PostgresContextStore open(PostgresDatabase database, ReadingStore readings, Clock clock) {
        return open(database, readings, clock, new ChangeFeed(1));
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Entity> find(URI id) {
        Optional<Loaded> row = database.read("reading entity " + id, c -> {
            try (PreparedStatement query = c.prepareStatement(select("citybrain_entity") + " WHERE e.id = ?")) {
                query.setString(1, id.toString());
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(load(rs, joined)) : Optional.empty();
                }
            }
        });
        return row.map(this::merge);
    }

    @Override
    public Page query(EntityQuery query) {
        boolean merged = query.filter().isPresent() || !query.attrs().isEmpty();
        if (!merged && query.idPattern().isEmpty()) {
            return pageInSql(query);
        }
        List<Entity> page = new ArrayList<>();
        long[] matches = {0};
        scan(query, joined, row -> {
            if (query.idPattern().isPresent() && !query.idPattern().get().matcher(row.stored().key()).matches()) {
                return true;
            }
            Entity entity = merge(row);
            if (merged && !matchesMerged(query, entity)) {
                return true;
            }
            if (matches[0]++ >= query.offset() && page.size() < query.limit()) {
                page.add(project(entity, query.attrs()));
            }
            return query.count() || page.size() < query.limit();
        });
        return new Page(page, query.count() ? OptionalLong.of(matches[0]) : OptionalLong.empty());
    }

    /** A query on ids and types alone: the page and the count from SQL. */
    private Page pageInSql(EntityQuery query) {
        String where = where(query);
        List<Loaded> rows = new ArrayList<>();
        long total = database.read("querying entities", c -> {
            if (query.limit() > 0) {
                try (PreparedStatement select = c.prepareStatement(select("(SELECT id, floors, entity FROM citybrain_entity"
                        + where + " ORDER BY id LIMIT ? OFFSET ?)") + " ORDER BY e.id")) {
                    int next = bind(c, select, query);
                    select.setInt(next, query.limit());
                    select.setLong(next + 1, query.offset());
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows.add(load(rs, joined));
                        }
                    }
                }
            }
            if (!query.count()) {
                return -1L;
            }
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM citybrain_entity" + where)) {
                bind(c, count, query);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        List<Entity> page = rows.stream().map(this::merge).toList();
        return new Page(page, query.count() ? OptionalLong.of(total) : OptionalLong.empty());
    }

    /**
     * {@code SELECT} of the floors and entity of the rows of {@code from} (a table or a subquery,
     * with id, floors and entity columns), named {@code e}, and their current readings if this
     * store reads them in the same statement; {@link #load} reads a row of it.
     */
    private String select(String from) {
        return select(from, joined);
    }

    private static String select(String from, boolean withCurrent) {
        return withCurrent
                ? "SELECT e.floors, e.entity, " + CurrentReadings.COLUMNS + " FROM " + from + " AS e, "
                        + CurrentReadings.lateral("e.id")
                : "SELECT e.floors, e.entity FROM " + from + " AS e";
    }

    private static Loaded load(ResultSet rs, boolean withCurrent) throws SQLException {
        Stored stored = decode(rs.getString(1), rs.getString(2));
        return new Loaded(stored, withCurrent ? CurrentReadings.read(rs, 3, stored.entity().id()) : null);
    }

    /** The entity of {@code row} with its current values, by the overlay's rules whichever way they came. */
    private Entity merge(Loaded row) {
        return row.current() == null ? overlay.merge(row.stored()) : overlay.merge(row.stored(), row.current());
    }

    /** What the query selects in SQL: its ids and types ({@link #bind} sets them). */
    private static String where(EntityQuery query) {
        List<String> conditions = new ArrayList<>();
        if (!query.ids().isEmpty()) {
            conditions.add("id = ANY(?::text[])");
        }
        if (!query.types().isEmpty()) {
            conditions.add("type = ANY(?::text[])");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the ids and types of {@link #where}; returns the next parameter index. */
    private static int bind(Connection c, PreparedStatement statement, EntityQuery query) throws SQLException {
        int i = 1;
        if (!query.ids().isEmpty()) {
            statement.setArray(i++, c.createArrayOf("text", query.ids().stream().map(URI::toString).toArray()));
        }
        if (!query.types().isEmpty()) {
            statement.setArray(i++, c.createArrayOf("text", query.types().toArray()));
        }
        return i;
    }

    /** A visitor of rows; false stops the scan. */
    @FunctionalInterface
    private interface Visitor {
        boolean visit(Loaded row);
    }

    /**
     * Streams the rows of the query's ids and types, in id order, inside one read-only snapshot,
     * with their current readings if {@code withCurrent}.
     */
    private void scan(EntityQuery query, boolean withCurrent, Visitor visitor) {
        database.transaction("querying entities", c -> {
            try (PreparedStatement select = c.prepareStatement(select("citybrain_entity", withCurrent)
                    + where(query) + " ORDER BY e.id")) {
                bind(c, select, query);
                select.setFetchSize(FETCH);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (!visitor.visit(load(rs, withCurrent))) {
                            break;
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Every entity, in id order (a read-only snapshot, streamed). */
    @Override
    void forEachStored(Consumer<Stored> action) {
        scan(ALL, false, row -> {
            action.accept(row.stored());
            return true;
        });
    }

    /** Every entity with the names it shows: one streamed statement when the rows come with their readings. */
    @Override
    void forEachShown(BiConsumer<Stored, Set<String>> action) {
        if (!joined) {
            super.forEachShown(action);
            return;
        }
        scan(ALL, true, row -> {
            action.accept(row.stored(), overlay.names(row.stored(), row.current()));
            return true;
        });
    }

    // ---------------------------------------------------------------- writes

    /** What one request's transaction did. */
    private record Written(Applied applied, Map<String, Row> before, Map<String, Long> versions) {
    }

    @Override
    List<Outcome> write(List<URI> ids, List<Change> changes) {
        List<ReentrantLock> locks = lock(ids);
        Written done;
        try {
            done = database.transaction("writing entities", c -> writeRows(c, ids, changes));
            long durable = System.nanoTime();
            done.applied().after().forEach((key, after) -> {
                Row before = done.before().get(key);
                if (before != null || after != null) { // not created and deleted in one batch
                    feed.publish(change(before == null ? null : before.stored(), after, durable));
                }
            });
        } finally {
            unlock(locks);
        }
        if (!done.applied().written().isEmpty()) {
            storeHistory(done.applied().written());
            historyDone(done.versions());
        }
        return done.applied().outcomes();
    }

    private Written writeRows(Connection c, List<URI> ids, List<Change> changes) throws SQLException {
        String[] keys = ids.stream().map(URI::toString).distinct().toArray(String[]::new);
        try (PreparedStatement lock = c.prepareStatement(LOCK_IDS)) {
            lock.setArray(1, c.createArrayOf("text", keys));
            lock.executeQuery().close();
        }
        Map<String, Row> before = new HashMap<>();
        try (PreparedStatement read = c.prepareStatement(joined ? READ_FOR_WRITE_WITH_CURRENT : READ_FOR_WRITE)) {
            read.setArray(1, c.createArrayOf("text", keys));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    Stored stored = decode(rs.getString(3), rs.getString(4));
                    Row row = new Row(rs.getLong(2), stored, joined ? CurrentReadings.read(rs, 5, stored.entity().id()) : null);
                    before.put(rs.getString(1), row);
                    // write times after any this entity has, whichever hub wrote it
                    row.stored().entity().modifiedAt().ifPresent(this::writtenAt);
                }
            }
        }
        Map<String, Instant> deletedBefore = deleted(c, keys, before.keySet());
        Map<String, String> json = new HashMap<>();
        Map<String, Instant> removed = new HashMap<>();
        Applied applied = apply(ids, changes, key -> {
            Row row = before.get(key);
            return row == null ? null : row.stored();
        }, key -> {
            Row row = before.get(key);
            return row == null ? null : row.current();
        }, deletedBefore::get, new Encoder() {
            @Override
            public Stored put(Next next) {
                byte[] bytes = ContextRecords.json(next.entity());
                json.put(next.entity().id().toString(), new String(bytes, StandardCharsets.UTF_8));
                return new Stored(ContextRecords.readEntity(bytes), next.floors());
            }

            @Override
            public void delete(URI id, Instant at) {
                removed.put(id.toString(), at); // the row goes below, with the others
            }
        });
        Map<String, Long> versions = new LinkedHashMap<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT);
             PreparedStatement update = c.prepareStatement(UPDATE);
             PreparedStatement delete = c.prepareStatement(DELETE);
             PreparedStatement keepDeleted = c.prepareStatement(KEEP_DELETED);
             PreparedStatement forgetDeleted = c.prepareStatement(FORGET_DELETED)) {
            List<String> inserted = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            for (Map.Entry<String, Stored> e : applied.after().entrySet()) {
                String key = e.getKey();
                Stored after = e.getValue();
                Row row = before.get(key);
                if (after == null) {
                    if (row != null) {
                        delete.setString(1, key);
                        delete.setLong(2, row.version());
                        delete.addBatch();
                        deleted.add(key);
                    }
                    keepDeleted.setString(1, key);
                    keepDeleted.setString(2, removed.get(key).toString());
                    keepDeleted.addBatch();
                } else if (row == null) {
                    if (deletedBefore.containsKey(key)) {
                        forgetDeleted.setString(1, key);
                        forgetDeleted.addBatch();
                    }
                    insert.setString(1, key);
                    insert.setString(2, after.entity().type());
                    insert.setTimestamp(3, Timestamp.from(after.entity().modifiedAt().orElseThrow()));
                    insert.setString(4, floors(after.floors()));
                    insert.setString(5, json.get(key));
                    insert.addBatch();
                    inserted.add(key);
                    versions.put(key, 1L);
                } else {
                    update.setString(1, after.entity().type());
                    update.setTimestamp(2, Timestamp.from(after.entity().modifiedAt().orElseThrow()));
                    update.setString(3, floors(after.floors()));
                    update.setString(4, json.get(key));
                    update.setString(5, key);
                    update.setLong(6, row.version());
                    update.addBatch();
                    updated.add(key);
                    versions.put(key, row.version() + 1);
                }
            }
            requireAll(insert, inserted, "created by another writer");
            requireAll(update, updated, "changed by another writer");
            requireAll(delete, deleted, "changed by another writer");
            keepDeleted.executeBatch();
            forgetDeleted.executeBatch();
        }
        return new Written(applied, before, versions);
    }

    /**
     * When those of {@code keys} that have no row were last deleted ({@link #DELETED_AT_UNKNOWN_TIME}
     * if schema version 2 deleted them); ids never deleted are left out. Read under the ids' locks.
     */
    private static Map<String, Instant> deleted(Connection c, String[] keys, Set<String> present) throws SQLException {
        String[] absent = java.util.Arrays.stream(keys).filter(k -> !present.contains(k)).toArray(String[]::new);
        Map<String, Instant> result = new HashMap<>();
        if (absent.length == 0) {
            return result;
        }
        try (PreparedStatement read = c.prepareStatement(READ_DELETED)) {
            read.setArray(1, c.createArrayOf("text", absent));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String at = rs.getString(2);
                    result.put(rs.getString(1), at.isEmpty() ? DELETED_AT_UNKNOWN_TIME : Instant.parse(at));
                }
            }
        }
        return result;
    }

    /** Runs the batch; every statement must have changed its row, else the attempt starts again. */
    private static void requireAll(PreparedStatement batch, List<String> keys, String why) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        int[] counts = batch.executeBatch();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new PostgresDatabase.Retry("entity " + keys.get(i) + " was " + why);
            }
        }
    }

    /** Clears the history flags of the rows at the versions this request wrote. */
    private void historyDone(Map<String, Long> versions) {
        database.transaction("marking history stored", c -> {
            try (var relaxed = c.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit TO off"); // losing it only repeats history
            }
            try (PreparedStatement done = c.prepareStatement(HISTORY_DONE)) {
                for (Map.Entry<String, Long> e : versions.entrySet()) {
                    done.setString(1, e.getKey());
                    done.setLong(2, e.getValue());
                    done.addBatch();
                }
                done.executeBatch();
            }
            return null;
        });
    }

    /** Stores the history of every row whose write did not get that far. */
    private void repairHistory() {
        List<Entity> written = new ArrayList<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        database.read("finding entity history to store", c -> {
            try (PreparedStatement pending = c.prepareStatement(HISTORY_PENDING);
                 ResultSet rs = pending.executeQuery()) {
                while (rs.next()) {
                    written.add(decode(rs.getString(3), rs.getString(4)).entity());
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
            return null;
        });
        if (!written.isEmpty()) {
            storeHistory(written);
            historyDone(versions);
        }
    }

    // ---------------------------------------------------------------- rows

    private static Stored decode(String floors, String entity) {
        Map<String, Instant> parsed = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(floors);
            node.properties().forEach(e -> parsed.put(e.getKey(), Instant.parse(e.getValue().asText())));
        } catch (IOException | RuntimeException e) {
            throw new StoreException("an entity row whose floors are not a JSON object of instants: " + floors, e);
        }
        return new Stored(ContextRecords.readEntity(entity.getBytes(StandardCharsets.UTF_8)), parsed);
    }

    private static String floors(Map<String, Instant> floors) {
        ObjectNode node = JSON.createObjectNode();
        floors.forEach((name, at) -> node.put(name, at.toString()));
        return node.toString();
    }

    /** Nothing to release: the database is the caller's. */
    @Override
    public void close() {
        // the connections belong to the PostgresDatabase
    }
}
