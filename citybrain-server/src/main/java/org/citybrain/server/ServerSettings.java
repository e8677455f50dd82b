package org.citybrain.server;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server's own settings, under {@code citybrain.*} (environment: {@code CITYBRAIN_*}). All
 * defaults are here, documented in docs/server.md.
 *
 * @param dataDir      where the embedded stores live ({@code citybrain.data-dir}, default {@code ./data})
 * @param adminToken   the administrator's bearer token at first start ({@code CITYBRAIN_ADMIN_TOKEN});
 *                     without it one is generated and printed once
 * @param zone         the zone of date-times that arrive without an offset (decision 0003)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 unread (default 1 MiB)
 * @param maxBatchSize the most entities in one batch operation (default 1,000)
 * @param db           PostgreSQL ({@code citybrain.db.*}): with a URL, production mode keeps readings, entities,
 *                     devices, users and subscriptions there (decision 0013); without, the data directory
 */
@ConfigurationProperties("citybrain")
public record ServerSettings(
        @DefaultValue("./data") Path dataDir,
        Optional<String> adminToken,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("1000") int maxBatchSize,
        @DefaultValue Database db) {

    /**
     * A PostgreSQL database ({@code CITYBRAIN_DB_URL}, {@code _USER}, {@code _PASSWORD},
     * {@code _SCHEMA}); the URL is a JDBC one, e.g. {@code jdbc:postgresql://db:5432/citybrain}.
     */
    public record Database(Optional<String> url, Optional<String> user, Optional<String> password, Optional<String> schema) {
        public Database {
            url = blankless(url);
            user = blankless(user);
            password = password == null ? Optional.empty() : password;
            schema = blankless(schema);
        }

        @Override
        public String toString() {
            return "Database[url=" + url.orElse("(none)") + ", user=" + user.orElse("") + ", password=(hidden)]";
        }
    }

    private static Optional<String> blankless(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    public ServerSettings {
        Objects.requireNonNull(dataDir, "citybrain.data-dir");
        adminToken = blankless(adminToken);
        db = db == null ? new Database(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()) : db;
        Objects.requireNonNull(zone, "citybrain.zone");
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("citybrain.max-body-bytes must be at least 1024: " + maxBodyBytes);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("citybrain.max-batch-size must be positive: " + maxBatchSize);
        }
    }
}
