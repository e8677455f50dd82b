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
 */
@ConfigurationProperties("citybrain")
public record ServerSettings(
        @DefaultValue("./data") Path dataDir,
        Optional<String> adminToken,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("1000") int maxBatchSize) {

    public ServerSettings {
        Objects.requireNonNull(dataDir, "citybrain.data-dir");
        adminToken = adminToken == null ? Optional.empty() : adminToken.filter(t -> !t.isBlank());
        Objects.requireNonNull(zone, "citybrain.zone");
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("citybrain.max-body-bytes must be at least 1024: " + maxBodyBytes);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("citybrain.max-batch-size must be positive: " + maxBatchSize);
        }
    }
}
