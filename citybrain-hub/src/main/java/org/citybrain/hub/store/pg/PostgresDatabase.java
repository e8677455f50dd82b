package org.citybrain.hub.store.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.citybrain.hub.store.StoreException;

/**
 * The hub's PostgreSQL database for everything but readings (entities, devices, users,
 * subscriptions): the schema brought to the current version on {@link #open}, and a small set of
 * connections, each in the configured schema with {@code synchronous_commit = on}, handed to one
 * unit of work at a time. No pool library: {@code size} connections, opened on demand, a broken
 * one closed and replaced by the next use.
 *
 * <p>{@link #transaction} runs a unit of work in one transaction and runs it again (up to
 * {@value #ATTEMPTS} times) when PostgreSQL reports a serialization failure or a deadlock, or the
 * work throws {@link Retry} after an optimistic check failed because another process (a second
 * hub on the same database) changed the same rows first. Safe for concurrent use.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** Attempts of one transaction before its conflict is reported. */
    public static final int ATTEMPTS = 8;

    private final PostgresOptions options;
    private final Semaphore permits;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final int size;
    private volatile boolean closed;

    /** One unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Thrown by a unit of work whose optimistic check failed (a row changed, or appeared, since it
     * was read): the transaction is rolled back and the work runs again from the start.
     */
    public static final class Retry extends RuntimeException {
        public Retry(String why) {
            super(why, null, false, false);
        }
    }

    private PostgresDatabase(PostgresOptions options, int size) {
        this.options = options;
        this.size = size;
        this.permits = new Semaphore(size);
    }

    /**
     * Connects, refuses a server without {@code fsync}, and creates or upgrades the schema (the
     * same versions as {@link PostgresReadingStore}, under the same lock).
     *
     * @param size connections at most
     * @throws StoreException with the URL, user and schema if any of that fails
     */
    public static PostgresDatabase open(PostgresOptions options, int size) {
        Objects.requireNonNull(options, "options");
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        PostgresDatabase database = new PostgresDatabase(options, size);
        try {
            Connection connection = database.connect();
            try {
                PostgresReadingStore.requireDurableServer(connection);
                Schema.migrate(connection, options.schema());
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            database.idle.add(connection);
            return database;
        } catch (SQLException | StoreException e) {
            throw new StoreException("cannot open the PostgreSQL database at " + options.url() + " as " + options.user()
                    + ", schema " + options.schema() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates or upgrades the tables of another module in this database: the scripts
     * {@code <scripts><n>.sql} beside {@code owner} (class path resources) for n = 1..{@code version},
     * each applied once, the versions applied recorded in {@code versionTable}, under the same lock
     * as the hub's own schema (servers starting at once apply each script once).
     *
     * @param versionTable a lower case SQL identifier, the module's own
     * @throws StoreException if that fails, or the database holds a newer version than {@code version}
     */
    public void migrate(String versionTable, Class<?> owner, String scripts, int version) {
        Schema.Migrations migrations = new Schema.Migrations(versionTable, owner, scripts, version);
        use("migrating " + versionTable, c -> {
            Schema.migrate(c, options.schema(), migrations);
            return null;
        });
    }

    public PostgresOptions options() {
        return options;
    }

    /**
     * Runs {@code work} in one transaction and commits it (the commit waits for the WAL flush);
     * again from the start after a conflict (see the class comment).
     *
     * @param what what the work does, for the error message
     * @throws StoreException if the database fails, or the conflict persists after {@value #ATTEMPTS} attempts
     */
    public <T> T transaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return use(what, connection -> {
                    connection.setAutoCommit(false);
                    try {
                        T result = work.run(connection);
                        connection.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(true);
                    }
                });
            } catch (Retry | ConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw new StoreException(what + ": still conflicting with concurrent writers after " + ATTEMPTS
                            + " attempts: " + e.getMessage(), e);
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Runs {@code work} in autocommit (each statement its own transaction). */
    public <T> T read(String what, Work<T> work) {
        return use(what, work);
    }

    /** A serialization failure or deadlock that PostgreSQL reported: worth running again. */
    private static final class ConflictException extends RuntimeException {
        ConflictException(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private <T> T use(String what, Work<T> work) {
        permits.acquireUninterruptibly();
        Connection connection = null;
        try {
            if (closed) {
                throw new StoreException(what + ": the database is closed");
            }
            connection = idle.poll();
            if (connection == null) {
                connection = connect();
            }
            T result = work.run(connection);
            idle.add(connection);
            return result;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ("40001".equals(state) || "40P01".equals(state)) {
                idle.add(connection); // rolled back, still usable
                throw new ConflictException(e);
            }
            closeQuietly(connection); // maybe broken: the next use connects again
            throw new StoreException(what + ": " + e.getMessage() + " (PostgreSQL " + options.url() + ", schema "
                    + options.schema() + ")", e);
        } catch (Retry e) {
            idle.add(connection); // rolled back by transaction()
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        } finally {
            permits.release();
        }
    }

    private Connection connect() throws SQLException {
        return connect(options);
    }

    /**
     * A connection in the options' schema with {@code synchronous_commit = on} (whatever the
     * server's or the role's default) and JIT compilation off, named {@code citybrain-hub} in
     * {@code pg_stat_activity}.
     */
    static Connection connect(PostgresOptions options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", options.user());
        properties.setProperty("password", options.password());
        properties.setProperty("ApplicationName", "citybrain-hub");
        Connection connection = DriverManager.getConnection(options.url(), properties);
        try (Statement statement = connection.createStatement()) {
            // a checked plain identifier (PostgresOptions); durability must not depend on defaults
            statement.execute("SET search_path TO " + options.schema());
            statement.execute("SET synchronous_commit TO on");
            // short queries only: JIT compiling one whose generic plan is estimated dear (a page
            // with its current readings over 100,000 entities) costs 50-200 ms for a 3 ms query
            statement.execute("SET jit TO off");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken; nothing to release on our side
            }
        }
    }

    /** Closes the connections; a unit of work in progress finishes first. */
    @Override
    public void close() {
        closed = true;
        permits.acquireUninterruptibly(size);
        try {
            idle.forEach(PostgresDatabase::closeQuietly);
            idle.clear();
        } finally {
            permits.release(size);
        }
    }
}
