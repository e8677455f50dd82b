package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.twin.Point;
import org.junit.jupiter.api.Test;

/** Hand-made car parks around a destination at the origin; default settings (1.3 m/s, detour 1.3, 15 min penalty). */
class ParkingGuideTest {
    private static final Point DESTINATION = new Point(0, 0);
    private static final LocalDateTime ARRIVAL = LocalDateTime.of(2016, 12, 12, 10, 0);

    private static final CarPark NEAR = new CarPark("near", 300, new Point(200, 0));    // 260 m walk, 3.3 min
    private static final CarPark MID = new CarPark("mid", 300, new Point(0, 500));      // 650 m walk, 8.3 min
    private static final CarPark FAR = new CarPark("far", 900, new Point(-1000, 0));    // 1,300 m walk, 16.7 min
    private static final CarPark TOO_FAR = new CarPark("too-far", 900, new Point(1200, 0)); // 1,560 m > 1,500
    private static final CarPark NOWHERE = new CarPark("nowhere", 900);
    private static final CarPark UNKNOWN = new CarPark("unknown", 900, new Point(10, 10));

    private static ArrivalForecast predictions(Map<String, Double> free) {
        return (park, arrival) -> Optional.ofNullable(free.get(park.id())).map(f -> new FreeSpacePrediction(f, 10));
    }

    private static List<Recommendation> recommend(Map<String, Double> free) {
        return new ParkingGuide(predictions(free), GuideSettings.DEFAULT)
                .recommend(DESTINATION, ARRIVAL, List.of(NEAR, MID, FAR, TOO_FAR, NOWHERE, UNKNOWN));
    }

    @Test
    void aNearCarParkPredictedNearlyFullRanksBelowAFartherOneWithRoom() {
        List<Recommendation> r = recommend(Map.of("near", 2.0, "mid", 80.0, "far", 500.0, "too-far", 900.0,
                "nowhere", 900.0));

        assertThat(r).extracting(x -> x.carPark().id()).containsExactly("mid", "near", "far");
        assertThat(r).extracting(Recommendation::rank).containsExactly(1, 2, 3);
        Recommendation mid = r.get(0);
        assertThat(mid.walkMetres()).isCloseTo(650, within(1e-9));
        assertThat(mid.walkMinutes()).isCloseTo(650 / 1.3 / 60, within(1e-9));
        assertThat(mid.chanceOfSpace()).isGreaterThan(0.999);
        Recommendation near = r.get(1);
        // chance = Phi((2 - 0.5) / 10) = Phi(0.15) = 0.5596
        assertThat(near.chanceOfSpace()).isCloseTo(0.5596, within(1e-4));
        assertThat(near.score()).isCloseTo(260 / 1.3 / 60 + (1 - 0.5596) * 15, within(1e-3));
        assertThat(near.reason()).isEqualTo("260 m walk (3.3 min); 2 free spaces expected on arrival, "
                + "56% chance of a space: may be nearly full");
        assertThat(mid.reason()).endsWith("100% chance of a space: room to spare");
    }

    @Test
    void withRoomEverywhereTheShortestWalkWins() {
        List<Recommendation> r = recommend(Map.of("near", 100.0, "mid", 100.0, "far", 100.0));

        assertThat(r).extracting(x -> x.carPark().id()).containsExactly("near", "mid", "far");
    }

    @Test
    void carParksWithoutLocationOrPredictionOrBeyondTheWalkAreLeftOut() {
        List<Recommendation> r = recommend(Map.of("near", 100.0, "too-far", 900.0, "nowhere", 900.0));

        assertThat(r).extracting(x -> x.carPark().id()).containsExactly("near");
    }

    @Test
    void aFullCarParkPaysAlmostTheWholePenalty() {
        List<Recommendation> r = recommend(Map.of("near", 0.0));

        assertThat(r.get(0).chanceOfSpace()).isCloseTo(ParkingGuide.phi(-0.05), within(1e-12));
        assertThat(r.get(0).reason()).endsWith("likely full");
    }

    @Test
    void theNormalDistributionFunctionIsAccurate() {
        assertThat(ParkingGuide.phi(0)).isCloseTo(0.5, within(1e-7));
        assertThat(ParkingGuide.phi(1.959964)).isCloseTo(0.975, within(1e-7));
        assertThat(ParkingGuide.phi(-1)).isCloseTo(0.158655, within(1e-6));
    }

    @Test
    void forecastsOnLiveDataFeedTheGuideWithTheHorizonToArrival() {
        // Monday 2016-10-03: near has 297 of 300 taken at 08:30, mid 100 of 300
        OccupancySeries near = OccupancySeries.of(NEAR, Fixtures.grid(1), 280, 297, Double.NaN, Double.NaN);
        OccupancySeries mid = OccupancySeries.of(MID, Fixtures.grid(1), 90, 100, Double.NaN, Double.NaN);
        ParkingData live = new ParkingData(Fixtures.grid(1), List.of(near, mid));
        double[] horizonSeen = new double[1];
        ForecastArrivals arrivals = new ForecastArrivals(live, LocalDateTime.of(2016, 10, 3, 8, 40), new Persistence(),
                h -> {
                    horizonSeen[0] = h;
                    return 20;
                });

        List<Recommendation> r = new ParkingGuide(arrivals, GuideSettings.DEFAULT)
                .recommend(DESTINATION, LocalDateTime.of(2016, 10, 3, 9, 10), List.of(NEAR, MID));

        assertThat(horizonSeen[0]).as("from the 08:30 slot to 09:10").isEqualTo(40);
        assertThat(r).extracting(x -> x.carPark().id()).containsExactly("mid", "near");
        assertThat(r.get(1).predictedFree()).isEqualTo(3);
    }
}
