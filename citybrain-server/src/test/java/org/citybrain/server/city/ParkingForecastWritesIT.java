package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.city.CityIT.eventually;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How often the demo's city writes its parking forecasts: Hangzhou 4x4 with the demo's 4 car parks
 * and detector interval (30 s), at 100x so that an hour of the city passes in 36 s, counting the
 * changes of the forecast, car-park and lane entities in the change feed. A forecast is written
 * when it changes, not on every reading of its car park, so its three horizons cost fewer writes
 * than three per reading. Prints the writes per simulated hour (the figure in docs/demo.md).
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=admin-token-for-the-forecast-writes", "citybrain.mqtt.port=0",
            "citybrain.city.speed=100", "citybrain.city.detector-interval=30s", "citybrain.congestion.enabled=false"})
@DirtiesContext // its city stops with its server instead of running on beside the next tests
class ParkingForecastWritesIT {
    static final Path data = TestData.newDirectory();
    static final double SPEED = 100;
    /** Simulated minutes counted, after the first forecast. */
    static final int MINUTES = Integer.getInteger("citybrain.test.forecast-minutes", 60);

    @Autowired
    ChangeFeed changes;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        CityIT.hangzhou(registry, data);
    }

    @Test
    void anHourOfTheDemoCityWritesFewerForecastsThanThreePerCarParkReading() throws InterruptedException {
        AtomicLong forecasts = new AtomicLong();
        AtomicLong parks = new AtomicLong();
        AtomicLong lanes = new AtomicLong();
        changes.addListener(c -> {
            String id = c.id().toString();
            if (id.startsWith(ParkingForecasts.PREFIX)) {
                forecasts.incrementAndGet();
            } else if (id.startsWith("urn:ngsi-ld:OffStreetParking:")) {
                parks.incrementAndGet();
            } else if (id.startsWith("urn:ngsi-ld:TrafficFlowObserved:")) {
                lanes.incrementAndGet();
            }
        });
        eventually(Duration.ofSeconds(120), () -> {
            assertThat(forecasts.get()).isPositive();
            return true;
        });
        long f0 = forecasts.get();
        long p0 = parks.get();
        long l0 = lanes.get();
        Thread.sleep(Math.round(MINUTES * 60_000 / SPEED));
        double hours = MINUTES / 60.0;
        double forecastWrites = (forecasts.get() - f0) / hours;
        double parkReadings = (parks.get() - p0) / hours;
        double laneReadings = (lanes.get() - l0) / hours;
        System.out.printf("parking forecasts over %d simulated minutes, per simulated hour: %.0f forecast writes, "
                + "%.0f car-park readings (%.2f forecast writes each, 3 if every reading rewrote the three horizons), "
                + "%.0f lane readings (forecast writes / lane readings %.4f)%n", MINUTES, forecastWrites, parkReadings,
                forecastWrites / parkReadings, laneReadings, forecastWrites / laneReadings);
        assertThat(parkReadings).as("car-park readings per simulated hour").isPositive();
        assertThat(forecastWrites).as("forecast writes per simulated hour").isPositive().isLessThan(3 * parkReadings);
    }
}
