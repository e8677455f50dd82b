package org.citybrain.server.traffic;

import java.time.Clock;
import java.time.Duration;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.jsonld.Contexts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traffic analytics the server runs on live data: the congestion index every
 * {@code citybrain.congestion.interval} (default 60 s; {@code citybrain.congestion.enabled=false}
 * turns it off).
 */
@Configuration
class TrafficConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "citybrain.congestion.enabled", havingValue = "true", matchIfMissing = true)
    LiveCongestion liveCongestion(ContextStore store, Contexts contexts,
            @Value("${citybrain.congestion.interval:60s}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("citybrain.congestion.interval must be positive: " + interval);
        }
        return new LiveCongestion(store, contexts, Clock.systemUTC(), interval);
    }
}
