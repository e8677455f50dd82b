package org.citybrain.server.temporal;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.temporal.Retention;
import org.citybrain.hub.temporal.RetentionPolicy;
import org.citybrain.hub.temporal.TemporalHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** History for the temporal API, and retention swept in the background. */
@Configuration
@EnableConfigurationProperties(TemporalSettings.class)
class TemporalConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(TemporalConfiguration.class);

    /**
     * The retention setting with every type name resolved: a term stands for its expansion by the
     * core context and by each shipped context, since entities and devices may have used any.
     */
    @Bean
    RetentionPolicy retentionPolicy(TemporalSettings settings, Contexts contexts) {
        return settings.retention().map(spec -> RetentionPolicy.parse(spec, name -> {
            Set<String> types = new LinkedHashSet<>();
            types.add(contexts.core().expand(name));
            contexts.knownUris().forEach(uri -> types.add(contexts.expander(JsonLdContext.of(uri.toString())).expand(name)));
            return types;
        })).orElse(RetentionPolicy.KEEP_EVERYTHING);
    }

    @Bean
    TemporalHistory temporalHistory(ReadingStore store, RetentionPolicy policy) {
        return new TemporalHistory(store, policy, Clock.systemUTC());
    }

    /** One daemon thread sweeping at start and every {@code retention-interval}; none without retention. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService retentionSweeper(ReadingStore store, RetentionPolicy policy, TemporalSettings settings) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention-sweeper");
            t.setDaemon(true);
            return t;
        });
        if (!policy.windows().isEmpty()) {
            Retention retention = new Retention(store, policy, Clock.systemUTC());
            LOG.info("retention of history: {}, swept every {}", policy.windows(), settings.retentionInterval());
            sweeper.scheduleWithFixedDelay(() -> {
                try {
                    long removed = retention.sweep();
                    LOG.info("retention removed {} readings from history", removed);
                } catch (RuntimeException e) {
                    LOG.error("retention sweep failed; it runs again in {}", settings.retentionInterval(), e);
                }
            }, 0, settings.retentionInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        return sweeper;
    }
}
