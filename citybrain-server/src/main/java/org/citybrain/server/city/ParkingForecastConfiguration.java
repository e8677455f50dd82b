package org.citybrain.server.city;

import java.time.Clock;
import java.time.ZoneId;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Parking forecasts ({@link ParkingForecasts}) for every {@code OffStreetParking} the hub holds, the
 * simulated city's or a real city's; {@code citybrain.parking.forecast.enabled=false} turns them off.
 * With the simulated city on, forecasts run on the city's clock ({@code citybrain.city.speed});
 * {@code citybrain.parking.forecast.zone} is the time zone of the city's day (default: the server's).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "citybrain.parking.forecast.enabled", havingValue = "true", matchIfMissing = true)
class ParkingForecastConfiguration {

    @Bean(destroyMethod = "close")
    ParkingForecasts parkingForecasts(ContextStore store, Ingestor ingestor, Contexts contexts, ChangeFeed changes,
            @Value("${citybrain.city.roadnet:}") String cityRoadnet, @Value("${citybrain.city.speed:1}") double citySpeed,
            @Value("${citybrain.parking.forecast.zone:}") String zone) {
        double speed = cityRoadnet.isBlank() ? 1 : citySpeed;
        ZoneId timeZone;
        try {
            timeZone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("citybrain.parking.forecast.zone must be a time zone such as Asia/Shanghai, got '"
                    + zone + "': " + e.getMessage());
        }
        ParkingForecasts forecasts = new ParkingForecasts(store, ingestor, contexts.core(), Clock.systemUTC(), speed, timeZone);
        changes.addListener(forecasts::changed);
        forecasts.start();
        return forecasts;
    }
}
