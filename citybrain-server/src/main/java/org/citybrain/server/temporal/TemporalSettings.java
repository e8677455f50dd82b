package org.citybrain.server.temporal;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The temporal API's settings, under {@code citybrain.temporal.*} (environment:
 * {@code CITYBRAIN_TEMPORAL_*}); documented in docs/server.md.
 *
 * @param retention         history kept per entity type, {@code Type=P30D,OtherType=PT12H}; a type
 *                          name is a term (expanded with the core and every shipped context) or
 *                          an IRI; types not listed keep everything (the default)
 * @param retentionInterval how often expired history is removed (default 1 hour; also once at start)
 * @param maxInstances      the most instances, or aggregated periods, in one response (default
 *                          10,000); a query that needs more is refused, never truncated
 */
@ConfigurationProperties("citybrain.temporal")
public record TemporalSettings(
        Optional<String> retention,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("10000") int maxInstances) {

    public TemporalSettings {
        retention = retention == null ? Optional.empty() : retention.filter(r -> !r.isBlank());
        if (retentionInterval.isNegative() || retentionInterval.isZero()) {
            throw new IllegalArgumentException("citybrain.temporal.retention-interval must be positive: " + retentionInterval);
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("citybrain.temporal.max-instances must be positive: " + maxInstances);
        }
    }
}
