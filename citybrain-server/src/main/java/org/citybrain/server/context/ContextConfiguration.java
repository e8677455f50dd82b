package org.citybrain.server.context;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.context.PostgresContextStore;
import org.citybrain.hub.sdm.SmartDataModels;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.hub.Storage;
import org.citybrain.server.security.ReadAccess;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The NGSI-LD context as the server runs it: in PostgreSQL in production mode, else the embedded
 * store in {@code context/} of the data directory.
 */
@Configuration
class ContextConfiguration {

    @Bean(destroyMethod = "close")
    ContextStore contextStore(ServerSettings settings, Storage storage, ReadingStore readings, ChangeFeed changes) {
        if (storage.database().isPresent()) {
            return PostgresContextStore.open(storage.database().get(), readings, Clock.systemUTC(), changes);
        }
        return EmbeddedContextStore.open(settings.dataDir().resolve("context"), readings, Clock.systemUTC(), changes);
    }

    /** Entities' JSON as last served, for retrieval by id ({@code citybrain.entity-cache-bytes}, 0 turns it off). */
    @Bean
    RenderedEntities renderedEntities(@Value("${citybrain.entity-cache-bytes:67108864}") long maxBytes, MeterRegistry meters) {
        RenderedEntities rendered = new RenderedEntities(maxBytes);
        Gauge.builder("citybrain.entity.cache.bytes", rendered, RenderedEntities::bytes)
                .description("JSON of retrieved entities kept for the next retrieval").baseUnit("bytes").register(meters);
        FunctionCounter.builder("citybrain.entity.cache.requests", rendered, RenderedEntities::hits).tag("result", "hit")
                .description("entity retrievals answered from the cache, or rendered").register(meters);
        FunctionCounter.builder("citybrain.entity.cache.requests", rendered, RenderedEntities::misses).tag("result", "miss")
                .description("entity retrievals answered from the cache, or rendered").register(meters);
        return rendered;
    }

    /**
     * Retrieval by id answered ahead of Spring Security and MVC ({@link FastEntityRead}); its order
     * puts it after the request metrics' filter and before the security chain.
     * {@code citybrain.fast-read=false} leaves every request to the normal chain.
     */
    @Bean
    @ConditionalOnProperty(name = "citybrain.fast-read", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<FastEntityRead> fastEntityRead(ContextStore store, Contexts contexts, RenderedEntities rendered,
            ReadAccess access) {
        FilterRegistrationBean<FastEntityRead> registration =
                new FilterRegistrationBean<>(new FastEntityRead(store, contexts, rendered, access));
        registration.addUrlPatterns(FastEntityRead.PREFIX + "*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    SmartDataModels smartDataModels() {
        return SmartDataModels.bundled();
    }
}
