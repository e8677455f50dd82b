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
 * turns it off). With the simulated city on ({@code citybrain.city.roadnet}), the interval is
 * simulated time: it is divided by {@code citybrain.city.speed} (at least 1 s of wall time), so the
 * index moves at the pace of the demo.
 */
@Configuration
class TrafficConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "citybrain.congestion.enabled", havingValue = "true", matchIfMissing = true)
    LiveCongestion liveCongestion(ContextStore store, Contexts contexts,
            @Value("${citybrain.congestion.interval:60s}") Duration interval,
            @Value("${citybrain.city.roadnet:}") String cityRoadnet, @Value("${citybrain.city.speed:1}") double citySpeed) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("citybrain.congestion.interval must be positive: " + interval);
        }
        return new LiveCongestion(store, contexts, Clock.systemUTC(), wallInterval(interval, cityRoadnet, citySpeed));
    }

    /** The congestion interval in wall-clock time: simulated time at the city's speed when the city runs. */
    static Duration wallInterval(Duration interval, String cityRoadnet, double citySpeed) {
        if (cityRoadnet.isBlank() || !(citySpeed > 0)) {
            return interval;
        }
        long millis = Math.max(1000, Math.round(interval.toMillis() / citySpeed));
        return Duration.ofMillis(millis);
    }
}
