package org.citybrain.hub.store.pg;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link PostgresReadingStore} connects.
 *
 * @param url             a JDBC URL, {@code jdbc:postgresql://host:port/database} (driver options
 *                        such as {@code sslmode} may follow)
 * @param user            the role to log in as
 * @param password        its password; empty for a server that trusts the connection
 * @param schema          the schema holding the store's tables, created if missing; a plain lower
 *                        case SQL identifier, so it never needs quoting
 * @param maxBatchRecords the most readings one transaction (one WAL flush) takes from the queue;
 *                        a single append larger than that is still one transaction
 * @param queueCapacity   appends waiting for the writer; beyond it callers block (back-pressure)
 * @param readConnections connections kept for {@code latest}, {@code current} and {@code history};
 *                        the writer has one of its own
 */
public record PostgresOptions(String url, String user, String password, String schema, int maxBatchRecords,
        int queueCapacity, int readConnections) {

    /** The prefix of the server's environment variables: {@code CITYBRAIN_DB_URL}, {@code _USER}, ... */
    public static final String ENVIRONMENT_PREFIX = "CITYBRAIN_DB";
    public static final String DEFAULT_SCHEMA = "public";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresOptions {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + url);
        }
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user cannot be blank");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower case SQL identifier ([a-z_][a-z0-9_]*, "
                    + "at most 63 characters): " + schema);
        }
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be positive: " + maxBatchRecords);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be positive: " + readConnections);
        }
    }

    /**
     * The defaults around a URL and login: schema {@code public}, transactions of up to 8,192
     * readings, 16,384 waiting appends, 2 read connections (docs/hub/postgresql.md says why).
     */
    public static PostgresOptions of(String url, String user, String password) {
        return new PostgresOptions(url, user, password, DEFAULT_SCHEMA, 8192, 16_384, 2);
    }

    /**
     * Options from {@code PREFIX_URL}, {@code PREFIX_USER}, {@code PREFIX_PASSWORD} (default empty)
     * and {@code PREFIX_SCHEMA} (default {@code public}) in {@code environment}; empty when
     * {@code PREFIX_URL} is unset or blank. The server uses {@link #ENVIRONMENT_PREFIX}.
     *
     * @throws IllegalArgumentException if the URL is set but the user is not, or a value is invalid
     */
    public static Optional<PostgresOptions> fromEnvironment(Map<String, String> environment, String prefix) {
        String url = environment.get(prefix + "_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = environment.get(prefix + "_USER");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(prefix + "_URL is set but " + prefix + "_USER is not");
        }
        String schema = environment.getOrDefault(prefix + "_SCHEMA", "");
        PostgresOptions options = of(url.trim(), user.trim(), environment.getOrDefault(prefix + "_PASSWORD", ""));
        return Optional.of(schema.isBlank() ? options : options.withSchema(schema.trim()));
    }

    public PostgresOptions withSchema(String name) {
        return new PostgresOptions(url, user, password, name, maxBatchRecords, queueCapacity, readConnections);
    }

    public PostgresOptions withMaxBatchRecords(int records) {
        return new PostgresOptions(url, user, password, schema, records, queueCapacity, readConnections);
    }

    /** Without the password, so that options can be logged. */
    @Override
    public String toString() {
        return "PostgresOptions[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", schema=" + schema + ", maxBatchRecords=" + maxBatchRecords + ", queueCapacity=" + queueCapacity
                + ", readConnections=" + readConnections + "]";
    }
}
