package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.city.CityIT.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Parking forecasts from the readings the hub received, without the simulated city: a car park's
 * device sends yesterday's and this morning's readings over HTTP, another car park is written
 * through the NGSI-LD API only; both get their OffStreetParkingForecast entities at 15, 30 and 60
 * minutes, the first from yesterday's profile, the second (no past day) by persistence.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + ParkingForecastIT.ADMIN, "citybrain.congestion.enabled=false"})
class ParkingForecastIT {
    static final String ADMIN = "admin-token-for-the-parking-tests";
    static final Path data = TestData.newDirectory();
    static final Instant NOW = Instant.now();
    static final int CAPACITY = 300;

    @LocalServerPort
    int port;
    @Autowired
    ChangeFeed changes;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
        // the city's day in a zone where it is about noon now, so that the readings of the last and
        // next two hours lie on one day whenever the test runs
        int hours = 12 - NOW.atZone(ZoneOffset.UTC).getHour();
        registry.add("citybrain.parking.forecast.zone", () -> ZoneOffset.ofHours(hours).getId());
    }

    ServerClient client() {
        return new ServerClient(port);
    }

    private void upsert(String entity) {
        ServerClient.Response r = client().send("POST", "/ngsi-ld/v1/entityOperations/upsert", ADMIN, "[" + entity + "]",
                "application/json");
        assertThat(r.status()).as(r.body()).isIn(201, 204);
    }

    private static String carPark(String id, int total, String extra) {
        return "{\"id\":\"urn:ngsi-ld:OffStreetParking:" + id + "\",\"type\":\"OffStreetParking\","
                + "\"name\":{\"type\":\"Property\",\"value\":\"Car park " + id + "\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.1,30.28]}},"
                + "\"totalSpotNumber\":{\"type\":\"Property\",\"value\":" + total + "}" + extra + "}";
    }

    /** The forecasts of a car park by horizon, once all three are there and satisfy {@code check}. */
    private Map<Integer, JsonNode> forecasts(String park, java.util.function.Predicate<Map<Integer, JsonNode>> check) {
        return eventually(Duration.ofSeconds(30), () -> {
            JsonNode all = client().get("/ngsi-ld/v1/entities?type=OffStreetParkingForecast&q=refParkingSite==%22urn:ngsi-ld:"
                    + "OffStreetParking:" + park + "%22", ADMIN).json();
            Map<Integer, JsonNode> byHorizon = new HashMap<>();
            all.forEach(f -> byHorizon.put(f.at("/forecastHorizon/value").asInt(), f));
            assertThat(byHorizon).as(all.toString()).containsOnlyKeys(15, 30, 60);
            assertThat(check.test(byHorizon)).as(all.toString()).isTrue();
            return byHorizon;
        });
    }

    private static int free(Map<Integer, JsonNode> forecasts, int minutes) {
        return forecasts.get(minutes).at("/availableSpotNumber/value").asInt();
    }

    @Test
    void aCarParkFedByItsDeviceIsForecastFromYesterdaysProfileAtThreeHorizons() {
        upsert(carPark("north", CAPACITY, ""));
        ServerClient.Response device = client().post("/api/devices", ADMIN, "{\"id\":\"parking-north\","
                + "\"entityId\":\"urn:ngsi-ld:OffStreetParking:north\",\"entityType\":\"OffStreetParking\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        // yesterday the car park filled by 10 cars every 15 min from two hours before now to two hours after;
        // this morning it runs 20 cars above that, up to now
        StringBuilder payload = new StringBuilder("[");
        for (int k = -8; k <= 8; k++) {
            reading(payload, NOW.minus(1, ChronoUnit.DAYS).plus(Duration.ofMinutes(15L * k)), 50 + 10 * (k + 8));
        }
        for (int k = -8; k <= 0; k++) {
            reading(payload, NOW.plus(Duration.ofMinutes(15L * k)), 70 + 10 * (k + 8));
        }
        payload.setLength(payload.length() - 1);
        ServerClient.Response sent = client().post("/api/devices/parking-north/telemetry", device.json().get("token").asText(),
                payload.append("]").toString());
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        // now 150 occupied, 150 free. Yesterday's profile rises by 40 over the next hour: the
        // forecaster expects fewer free spaces the further ahead (persistence would say 150 throughout)
        Map<Integer, JsonNode> ahead = forecasts("north", f -> free(f, 60) < free(f, 15));
        assertThat(free(ahead, 15)).isBetween(145, 175);
        assertThat(free(ahead, 30)).isBetween(135, 165);
        assertThat(free(ahead, 60)).isBetween(115, 145);
        JsonNode f60 = ahead.get(60);
        assertThat(f60.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParkingForecast:north:PT60M");
        assertThat(f60.at("/refParkingSite/object").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:north");
        assertThat(f60.at("/totalSpotNumber/value").asInt()).isEqualTo(CAPACITY);
        assertThat(f60.at("/name/value").asText()).isEqualTo("Car park north");
        assertThat(f60.at("/location/value/type").asText()).isEqualTo("Point");
        Instant issued = Instant.parse(f60.at("/dateIssued/value").asText());
        Instant validFrom = Instant.parse(f60.at("/validFrom/value").asText());
        // for the start of the slot 60 min after the slot nearest now (at speed 1 the city's clock is the wall's)
        assertThat(validFrom.getEpochSecond() % (15 * 60)).as(validFrom.toString()).isZero();
        assertThat(Duration.between(issued, validFrom)).isBetween(Duration.ofSeconds(52 * 60 + 30), Duration.ofSeconds(67 * 60 + 30));
        assertThat(f60.at("/validTo/value").asText()).isEqualTo(validFrom.toString());
        assertThat(issued).isAfter(NOW.minusSeconds(60));
    }

    private static void reading(StringBuilder payload, Instant at, int occupied) {
        payload.append("{\"ts\":").append(at.toEpochMilli()).append(",\"values\":{\"availableSpotNumber\":")
                .append(CAPACITY - occupied).append("}},");
    }

    @Test
    void aReadingThatLeavesTheForecastsAsTheyWereWritesNothingAndOneThatChangesThemWritesThemAtOnce() throws InterruptedException {
        upsert(carPark("east", 120, ",\"availableSpotNumber\":{\"type\":\"Property\",\"value\":40}"));
        forecasts("east", f -> free(f, 15) == 40 && free(f, 30) == 40 && free(f, 60) == 40);
        List<String> written = new CopyOnWriteArrayList<>();
        changes.addListener(c -> {
            if (c.id().toString().startsWith("urn:ngsi-ld:OffStreetParkingForecast:east:")) {
                written.add(c.id().toString());
            }
        });
        // the same free spaces read again, one reading at a time (each one a round of the forecasts)
        for (int i = 0; i < 4; i++) {
            upsert(carPark("east", 120, ",\"availableSpotNumber\":{\"type\":\"Property\",\"value\":40}"));
            Thread.sleep(300);
        }
        // at most one round of writes: the slot they are for may have moved on meanwhile (once in a 15-min slot)
        assertThat(written).as("forecast writes for unchanged readings").hasSizeLessThanOrEqualTo(3);
        int before = written.size();
        upsert(carPark("east", 120, ",\"availableSpotNumber\":{\"type\":\"Property\",\"value\":41}"));
        forecasts("east", f -> free(f, 15) == 41 && free(f, 30) == 41 && free(f, 60) == 41);
        assertThat(written.size() - before).isBetween(3, 6);
    }

    @Test
    void aCarParkWrittenThroughTheApiWithoutAPastDayIsForecastByPersistenceAndFollowsItsChanges() {
        upsert(carPark("south", 120, ",\"availableSpotNumber\":{\"type\":\"Property\",\"value\":37}"));
        forecasts("south", f -> free(f, 15) == 37 && free(f, 30) == 37 && free(f, 60) == 37);
        upsert(carPark("south", 120, ",\"availableSpotNumber\":{\"type\":\"Property\",\"value\":12}"));
        forecasts("south", f -> free(f, 15) == 12 && free(f, 30) == 12 && free(f, 60) == 12);
    }
}
