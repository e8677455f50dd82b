package org.citybrain.hub.store.pg;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.citybrain.hub.store.Appended;
import org.citybrain.hub.store.Pending;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.StoreException;

/**
 * A {@link ReadingStore} in PostgreSQL: history in {@code citybrain_reading}, current values in
 * {@code citybrain_current} (schema: {@code postgresql-1.sql}, created on open). Same contract as
 * the embedded {@code WalStore}; docs/hub/postgresql.md has the configuration and the figures.
 *
 * <h2>Writing</h2>
 * One writer thread and connection take the queued appends (up to
 * {@link PostgresOptions#maxBatchRecords()} readings) and store them in one transaction, committed
 * with {@code synchronous_commit = on}: the commit returns once the server has flushed its WAL, and
 * only then are the callers' futures completed (group commit: N concurrent appends share one
 * flush). Each statement of the transaction inserts up to 65,536 rows from arrays
 * ({@code unnest}) into history with {@code ON CONFLICT DO NOTHING}, returns which rows were new,
 * and upserts the newest of those per series into the current table, replacing a row only when
 * strictly newer. Duplicates within a batch are dropped before it is sent, the first one kept.
 *
 * <h2>Times</h2>
 * {@code observedAt} is stored as nanoseconds since the epoch ({@code bigint}, exact: key and
 * order) and as {@code timestamptz} floored to the microsecond (for SQL). A reading must therefore
 * lie within the 64-bit nanosecond range, years 1677 to 2262; outside it {@link #append} throws
 * {@link IllegalArgumentException} before anything is queued, as it does for a text containing the
 * NUL character, which PostgreSQL cannot store. Neither can make a batch shared with other callers
 * fail.
 *
 * <h2>Retention</h2>
 * {@link #expire} is one {@code DELETE} of the type's expired history rows, found through the
 * current table's series of that type and the primary key; current values are another table and
 * stay. The space is PostgreSQL's to reuse (autovacuum), as for any deleted rows.
 *
 * <h2>Failures</h2>
 * A failed transaction is rolled back and fails only the appends of its batch (a failed commit may
 * or may not have stored them: retrying is harmless). Unlike the log, the store goes on: the next
 * batch reconnects. Reads use a small set of their own connections and see committed, hence
 * durable, readings only.
 *
 * <p>Several hubs may share one database: keys and current values stay right, since the database
 * arbitrates (a concurrent copy waits for the other's commit, then counts as a duplicate).
 */
public final class PostgresReadingStore implements ReadingStore {

    /** Rows per statement; the sequence hands out blocks of this size (postgresql-1.sql). */
    private static final int BLOCK = 65_536;
    private static final Request STOP = new Request(List.of(), new long[0], new String[0]);

    private static final String INSERT = """
            WITH block AS (SELECT nextval('citybrain_reading_seq') AS base),
            stored AS (
              INSERT INTO citybrain_reading
                (entity_id, attribute, observed_ns, device_id, seq, observed_at, entity_type, value)
              SELECT r.entity_id, r.attribute, r.observed_ns, r.device_id, block.base + r.i - 1,
                     r.observed_at, r.entity_type, r.value
              FROM block, unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::text[], ?::text[])
                WITH ORDINALITY AS r(entity_id, attribute, observed_ns, device_id, observed_at, entity_type, value, i)
              ORDER BY r.entity_id, r.attribute, r.observed_ns, r.device_id
              ON CONFLICT DO NOTHING
              RETURNING *),
            newest AS (
              INSERT INTO citybrain_current AS c
                (entity_id, attribute, observed_ns, device_id, seq, observed_at, entity_type, value)
              SELECT DISTINCT ON (entity_id, attribute)
                     entity_id, attribute, observed_ns, device_id, seq, observed_at, entity_type, value
              FROM stored
              ORDER BY entity_id, attribute, observed_ns DESC, seq
              ON CONFLICT (entity_id, attribute) DO UPDATE
                SET observed_ns = excluded.observed_ns, device_id = excluded.device_id, seq = excluded.seq,
                    observed_at = excluded.observed_at, entity_type = excluded.entity_type, value = excluded.value
                WHERE excluded.observed_ns > c.observed_ns)
            SELECT stored.seq - block.base FROM stored, block""";
    // rows in key order, so that hubs sharing a database take row locks in the same order

    private static final String LATEST = "SELECT device_id, entity_type, attribute, observed_ns, value"
            + " FROM citybrain_current WHERE entity_id = ? AND attribute = ?";
    private static final String CURRENT = "SELECT device_id, entity_type, attribute, observed_ns, value"
            + " FROM citybrain_current WHERE entity_id = ? ORDER BY attribute";
    private static final String HISTORY = "SELECT device_id, entity_type, attribute, observed_ns, value"
            + " FROM citybrain_reading WHERE entity_id = ? AND attribute = ? AND observed_ns BETWEEN ? AND ?"
            + " ORDER BY observed_ns, seq";
    private static final String LAST_N = "SELECT device_id, entity_type, attribute, observed_ns, value"
            + " FROM citybrain_reading WHERE entity_id = ? AND attribute = ? AND observed_ns BETWEEN ? AND ?"
            + " ORDER BY observed_ns DESC, seq DESC LIMIT ?";
    // "C": byte order of UTF-8, which is the order of Java strings for ids without surrogates
    private static final String ENTITIES = "SELECT DISTINCT entity_id COLLATE \"C\" FROM citybrain_current"
            + " WHERE entity_type = ? ORDER BY 1";
    private static final String ENTITIES_WITH = "SELECT DISTINCT entity_id COLLATE \"C\" FROM citybrain_current"
            + " WHERE attribute = ANY(?::text[]) ORDER BY 1";
    private static final String EXPIRE = "DELETE FROM citybrain_reading r USING citybrain_current c"
            + " WHERE c.entity_type = ? AND r.entity_id = c.entity_id AND r.attribute = c.attribute"
            + " AND r.entity_type = ? AND r.observed_ns < ?";
    /** Rows fetched per round trip while scanning. */
    private static final int SCAN_FETCH = 4096;

    private final PostgresOptions options;
    private final BlockingQueue<Request> queue;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed; // guarded by closing
    private final Thread writer;
    private final Semaphore readPermits;
    private final BlockingQueue<Connection> idleReaders = new LinkedBlockingQueue<>();
    private volatile boolean readsClosed;

    // owned by the writer thread
    private Connection writeConnection;
    private PreparedStatement insert;
    private final Set<Key> inBatch = new HashSet<>();

    /** What the calling thread prepares, so that validation and formatting run in parallel. */
    private record Request(List<Reading> readings, long[] nanos, String[] micros, CompletableFuture<Appended> done) {
        Request(List<Reading> readings, long[] nanos, String[] micros) {
            this(readings, nanos, micros, new CompletableFuture<>());
        }

        static Request of(List<Reading> readings) {
            long[] nanos = new long[readings.size()];
            String[] micros = new String[readings.size()];
            for (int i = 0; i < nanos.length; i++) {
                Reading r = readings.get(i);
                nanos[i] = epochNanos(r.observedAt());
                micros[i] = r.observedAt().truncatedTo(ChronoUnit.MICROS).toString();
                requireNoNul(r.deviceId(), "deviceId");
                requireNoNul(r.entityId().toString(), "entityId");
                requireNoNul(r.entityType(), "entityType");
                requireNoNul(r.attribute(), "attribute");
                requireNoNul(r.value(), "value");
            }
            return new Request(readings, nanos, micros);
        }
    }

    /** The idempotence key: same device, series and time. */
    private record Key(String deviceId, URI entityId, String attribute, long observedNanos) {
    }

    private PostgresReadingStore(PostgresOptions options) throws SQLException {
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.readPermits = new Semaphore(options.readConnections());
        Connection connection = connect();
        try {
            requireDurableServer(connection);
            Schema.migrate(connection, options.schema());
            connection.setAutoCommit(false);
            this.writeConnection = connection;
            this.insert = connection.prepareStatement(INSERT);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        this.writer = new Thread(this::writeLoop, "pg-writer-" + options.schema());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Connects, creates or upgrades the schema, and starts the writer.
     *
     * @throws StoreException if the server cannot be reached or logged into, runs with
     *                        {@code fsync = off} (nothing would be durable), or holds a newer
     *                        schema version than this code knows
     */
    public static PostgresReadingStore open(PostgresOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            return new PostgresReadingStore(options);
        } catch (SQLException e) {
            throw new StoreException("cannot open the PostgreSQL store at " + options.url() + " as " + options.user()
                    + ", schema " + options.schema() + ": " + e.getMessage(), e);
        }
    }

    public PostgresOptions options() {
        return options;
    }

    @Override
    public Appended append(List<Reading> readings) {
        if (readings.isEmpty()) {
            return new Appended(0, 0);
        }
        Request request = Request.of(List.copyOf(readings));
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("the store is closed");
            }
            queue.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted before the readings were queued; nothing was stored");
        } finally {
            closing.readLock().unlock();
        }
        return Pending.await(request.done());
    }

    @Override
    public Optional<Reading> latest(URI entityId, String attribute) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(LATEST)) {
                query.setString(1, entityId.toString());
                query.setString(2, attribute);
                List<Reading> found = readings(query, entityId);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public Map<String, Reading> current(URI entityId) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(CURRENT)) {
                query.setString(1, entityId.toString());
                Map<String, Reading> result = new LinkedHashMap<>();
                readings(query, entityId).forEach(r -> result.put(r.attribute(), r));
                return result;
            }
        });
    }

    @Override
    public List<Reading> history(URI entityId, String attribute, Instant from, Instant to) {
        List<Reading> result = new ArrayList<>();
        scan(entityId, attribute, from, to, result::add);
        return result;
    }

    /** {@inheritDoc} Here: one query, fetched {@value #SCAN_FETCH} rows at a time (a cursor). */
    @Override
    public void scan(URI entityId, String attribute, Instant from, Instant to, Predicate<Reading> visitor) {
        long[] range = nanoRange(from, to);
        if (range.length == 0) {
            return;
        }
        read(connection -> {
            // the driver streams with a fetch size only inside a transaction
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement(HISTORY)) {
                query.setFetchSize(SCAN_FETCH);
                bindSeries(query, entityId, attribute, range);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next() && visitor.test(reading(rs, entityId))) {
                        // the visitor took it
                    }
                }
            } finally {
                connection.rollback(); // read only: nothing to commit
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    @Override
    public List<Reading> lastN(URI entityId, String attribute, Instant from, Instant to, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        long[] range = nanoRange(from, to);
        if (range.length == 0 || n == 0) {
            return List.of();
        }
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(LAST_N)) {
                bindSeries(query, entityId, attribute, range);
                query.setInt(5, n);
                List<Reading> newestFirst = readings(query, entityId);
                java.util.Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    @Override
    public List<URI> entitiesWith(Set<String> attributes) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(ENTITIES_WITH)) {
                query.setArray(1, connection.createArrayOf("text", attributes.toArray(String[]::new)));
                List<URI> ids = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        ids.add(URI.create(rs.getString(1)));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public List<URI> entities(String entityType) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(ENTITIES)) {
                query.setString(1, entityType);
                List<URI> ids = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        ids.add(URI.create(rs.getString(1)));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public long expire(String entityType, Instant before) {
        if (!before.isAfter(MIN_INSTANT)) {
            return 0;
        }
        long last = before.isAfter(MAX_INSTANT) ? Long.MAX_VALUE : epochNanos(before);
        return read(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(EXPIRE)) {
                delete.setString(1, entityType);
                delete.setString(2, entityType);
                delete.setLong(3, last);
                return (long) delete.executeUpdate();
            }
        });
    }

    /** [from, to) as an inclusive nanosecond range clamped to what can be stored; empty if none. */
    private static long[] nanoRange(Instant from, Instant to) {
        if (!from.isBefore(to) || from.isAfter(MAX_INSTANT) || !to.isAfter(MIN_INSTANT)) {
            return new long[0];
        }
        long first = from.isBefore(MIN_INSTANT) ? Long.MIN_VALUE : epochNanos(from);
        long last = to.isAfter(MAX_INSTANT) ? Long.MAX_VALUE : epochNanos(to) - 1;
        return new long[] {first, last};
    }

    private static void bindSeries(PreparedStatement query, URI entityId, String attribute, long[] range) throws SQLException {
        query.setString(1, entityId.toString());
        query.setString(2, attribute);
        query.setLong(3, range[0]);
        query.setLong(4, range[1]);
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.put(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closing.writeLock().unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(writeConnection);
        readsClosed = true;
        readPermits.acquireUninterruptibly(options.readConnections()); // reads in flight finish first
        idleReaders.forEach(PostgresReadingStore::closeQuietly);
        idleReaders.clear();
        readPermits.release(options.readConnections()); // later reads get in, and are refused
    }

    // ---------------------------------------------------------------- connections and reads

    private Connection connect() throws SQLException {
        return PostgresDatabase.connect(options);
    }

    static void requireDurableServer(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW fsync")) {
            rs.next();
            if (!"on".equals(rs.getString(1))) {
                throw new StoreException("the PostgreSQL server runs with fsync = " + rs.getString(1)
                        + ": no reading could be acknowledged as durable; turn fsync on");
            }
        }
    }

    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        readPermits.acquireUninterruptibly();
        Connection connection = null;
        try {
            if (readsClosed) {
                throw new StoreException("the store is closed");
            }
            connection = idleReaders.poll();
            if (connection == null) {
                connection = connect();
            }
            T result = query.run(connection);
            idleReaders.add(connection);
            return result;
        } catch (SQLException e) {
            closeQuietly(connection); // a broken connection is replaced on the next read
            throw new StoreException("reading from PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection); // a scan's visitor failed: the connection may be mid-result
            throw e;
        } finally {
            readPermits.release();
        }
    }

    private static List<Reading> readings(PreparedStatement query, URI entityId) throws SQLException {
        List<Reading> result = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                result.add(reading(rs, entityId));
            }
        }
        return result;
    }

    private static Reading reading(ResultSet rs, URI entityId) throws SQLException {
        return new Reading(rs.getString(1), entityId, rs.getString(2), rs.getString(3), observedAt(rs.getLong(4)),
                rs.getString(5));
    }

    /** The instant of an {@code observed_ns} column. */
    static Instant observedAt(long observedNanos) {
        return Instant.ofEpochSecond(0, observedNanos);
    }

    private static void closeQuietly(Connection connection) {
        PostgresDatabase.closeQuietly(connection);
    }

    // ---------------------------------------------------------------- writer thread

    private void writeLoop() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            Request next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() stops the writer
            }
            int records = 0;
            boolean stopping = false;
            while (next != null) {
                if (next == STOP) {
                    stopping = true;
                    break;
                }
                batch.add(next);
                records += next.readings().size();
                next = records < options.maxBatchRecords() ? queue.poll() : null;
            }
            commit(batch);
            if (stopping) {
                return;
            }
        }
    }

    private void commit(List<Request> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // the batch as columns, without repeats: owner[k] is the request that row k came from
        int rows = 0;
        for (Request r : batch) {
            rows += r.readings().size();
        }
        Columns columns = new Columns(rows);
        inBatch.clear();
        for (int i = 0; i < batch.size(); i++) {
            Request request = batch.get(i);
            for (int j = 0; j < request.readings().size(); j++) {
                Reading r = request.readings().get(j);
                if (inBatch.add(new Key(r.deviceId(), r.entityId(), r.attribute(), request.nanos()[j]))) {
                    columns.add(i, r, request.nanos()[j], request.micros()[j]);
                }
            }
        }
        int[] stored = new int[batch.size()];
        try {
            if (writeConnection == null) {
                writeConnection = connect();
                writeConnection.setAutoCommit(false);
                insert = writeConnection.prepareStatement(INSERT);
            }
            for (int start = 0; start < columns.size; start += BLOCK) {
                int end = Math.min(columns.size, start + BLOCK);
                columns.bind(insert, start, end);
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        stored[columns.owner[start + (int) rs.getLong(1)]]++;
                    }
                }
            }
            writeConnection.commit();
        } catch (SQLException | RuntimeException e) {
            // rolled back, or (a failed commit) unknown: the callers may retry, idempotently;
            // a fresh connection for the next batch, in case this one is broken
            closeQuietly(writeConnection);
            writeConnection = null;
            StoreException failure = new StoreException("PostgreSQL: " + e.getMessage(), e);
            batch.forEach(r -> r.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            r.done().complete(new Appended(stored[i], r.readings().size() - stored[i]));
        }
    }

    /** One batch as the statement's array parameters. */
    private static final class Columns {
        final String[] entityId;
        final String[] attribute;
        final long[] nanos;
        final String[] deviceId;
        final String[] micros;
        final String[] entityType;
        final String[] value;
        final int[] owner;
        int size;

        Columns(int capacity) {
            entityId = new String[capacity];
            attribute = new String[capacity];
            nanos = new long[capacity];
            deviceId = new String[capacity];
            micros = new String[capacity];
            entityType = new String[capacity];
            value = new String[capacity];
            owner = new int[capacity];
        }

        void add(int request, Reading r, long observedNanos, String observedMicros) {
            entityId[size] = r.entityId().toString();
            attribute[size] = r.attribute();
            nanos[size] = observedNanos;
            deviceId[size] = r.deviceId();
            micros[size] = observedMicros;
            entityType[size] = r.entityType();
            value[size] = r.value();
            owner[size] = request;
            size++;
        }

        /** Binds rows {@code from} (inclusive) to {@code to} (exclusive). */
        void bind(PreparedStatement statement, int from, int to) throws SQLException {
            statement.setObject(1, slice(entityId, from, to));
            statement.setObject(2, slice(attribute, from, to));
            statement.setObject(3, from == 0 && to == nanos.length ? nanos : Arrays.copyOfRange(nanos, from, to));
            statement.setObject(4, slice(deviceId, from, to));
            statement.setObject(5, slice(micros, from, to));
            statement.setObject(6, slice(entityType, from, to));
            statement.setObject(7, slice(value, from, to));
        }

        private static String[] slice(String[] column, int from, int to) {
            return from == 0 && to == column.length ? column : Arrays.copyOfRange(column, from, to);
        }
    }

    // ---------------------------------------------------------------- times

    /** The earliest and latest instants whose epoch nanoseconds fit a {@code long}. */
    static final Instant MIN_INSTANT = Instant.ofEpochSecond(0, Long.MIN_VALUE);
    static final Instant MAX_INSTANT = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    static long epochNanos(Instant t) {
        if (t.isBefore(MIN_INSTANT) || t.isAfter(MAX_INSTANT)) {
            throw new IllegalArgumentException("observedAt " + t + " is outside what the PostgreSQL store keeps ("
                    + MIN_INSTANT + " to " + MAX_INSTANT + ", nanoseconds since 1970 in 64 bits)");
        }
        // at the ends of the range second * 1e9 alone overflows, but the sum fits, and long
        // arithmetic wraps around: the result is exact
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void requireNoNul(String text, String name) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " contains the NUL character, which PostgreSQL text cannot hold");
        }
    }
}
