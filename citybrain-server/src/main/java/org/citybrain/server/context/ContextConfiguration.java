package org.citybrain.server.context;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

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
     * puts it right after the character encoding filter, ahead of the request metrics' filter
     * ({@link #requestObservationFilter}), since it records its own answers in the same meters.
     * {@code citybrain.fast-read=false} leaves every request to the normal chain.
     */
    @Bean
    @ConditionalOnProperty(name = "citybrain.fast-read", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<FastEntityRead> fastEntityRead(ContextStore store, Contexts contexts, RenderedEntities rendered,
            ReadAccess access, ObservationRegistry observations, MeterRegistry meters,
            ObjectProvider<ServerRequestObservationConvention> customConvention, ObservationProperties properties) {
        FastReadMetrics metrics = new FastReadMetrics(observations, requestConvention(customConvention, properties), meters);
        FilterRegistrationBean<FastEntityRead> registration =
                new FilterRegistrationBean<>(new FastEntityRead(store, contexts, rendered, access, metrics));
        registration.addUrlPatterns(FastEntityRead.PREFIX + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * The request metrics' filter ({@code http.server.requests}) as Spring Boot registers it
     * ({@code WebMvcObservationAutoConfiguration}, which steps back when this bean exists), one
     * place later so that {@link FastEntityRead} can go ahead of it.
     */
    @Bean
    @ConditionalOnProperty(name = "citybrain.fast-read", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<ServerHttpObservationFilter> requestObservationFilter(ObservationRegistry observations,
            ObjectProvider<ServerRequestObservationConvention> customConvention, ObservationProperties properties) {
        FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
                new ServerHttpObservationFilter(observations, requestConvention(customConvention, properties)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /** The request observations' convention, chosen as Spring Boot chooses it: a bean of the application's, else the default under the configured name. */
    private static ServerRequestObservationConvention requestConvention(
            ObjectProvider<ServerRequestObservationConvention> custom, ObservationProperties properties) {
        String name = properties.getHttp().getServer().getRequests().getName();
        return custom.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
    }

    /** Requests for a tenant, on every NGSI-LD endpoint, are refused ({@link NoTenants}). */
    @Bean
    WebMvcConfigurer noTenants() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new NoTenants()).addPathPatterns("/ngsi-ld/**");
            }
        };
    }

    @Bean
    SmartDataModels smartDataModels() {
        return SmartDataModels.bundled();
    }
}
