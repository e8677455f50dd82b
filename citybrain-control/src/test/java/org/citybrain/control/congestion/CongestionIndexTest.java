package org.citybrain.control.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CongestionIndexTest {
    private static final double EXACT = 1e-12;
    private static final FreeFlowSpeeds TEN = FreeFlowSpeeds.configured(Map.of("a", 10.0, "b", 10.0, "c", 20.0));

    private static RoadObservation obs(String road, double from, double length, double speed, double vehicles) {
        return new RoadObservation(road, from, 300, length, speed, vehicles);
    }

    @Test
    void aRoadAtFreeFlowHasIndexOneAndIsFree() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 500, 10, 7)));

        CongestionSnapshot s = index.snapshot();
        assertThat(s.road("a").orElseThrow().index()).isEqualTo(1.0);
        assertThat(s.road("a").orElseThrow().level()).isEqualTo(CongestionLevel.FREE);
        assertThat(s.city().index()).isEqualTo(1.0);
    }

    @Test
    void aRoadsIndexIsFreeFlowOverActualSpeed() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 500, 4, 7)));

        assertThat(index.snapshot().road("a").orElseThrow().index()).isCloseTo(2.5, within(EXACT));
        assertThat(index.snapshot().road("a").orElseThrow().level()).isEqualTo(CongestionLevel.MODERATE);
    }

    @Test
    void cityIndexIsVehicleKilometreWeightedNotTheMeanOfRoadIndices() {
        // a: 1000 m at 5 m/s (free 10), 10 vehicles; b: 500 m at free flow, 40 vehicles
        // Σ wL/v = 10·1000/5 + 40·500/10 = 2000 + 2000; Σ wL/v_free = 1000 + 2000
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, 5, 10), obs("b", 0, 500, 10, 40)));

        AreaIndex city = index.snapshot().city();
        assertThat(city.index()).isCloseTo(4000.0 / 3000.0, within(EXACT));
        assertThat(city.vehicleMetres()).isEqualTo(30_000);
        assertThat(city.travelSeconds()).isCloseTo(4000, within(EXACT));
        assertThat(city.freeFlowSeconds()).isCloseTo(3000, within(EXACT));
        assertThat(city.roads()).isEqualTo(2);
        assertThat(city.level()).contains(CongestionLevel.FREE);
    }

    @Test
    void stoppedTrafficIsCappedAtMaxIndexInsteadOfDividingByZero() {
        CongestionIndex index = new CongestionIndex(TEN, List.of(), CongestionConfig.defaults().withMaxIndex(8));
        index.update(List.of(obs("a", 0, 1000, 0, 10), obs("b", 0, 1000, 10, 10)));

        CongestionSnapshot s = index.snapshot();
        assertThat(s.road("a").orElseThrow().index()).isEqualTo(8.0);
        assertThat(s.road("a").orElseThrow().level()).isEqualTo(CongestionLevel.SEVERE);
        // (8·1000 + 1000) ÷ (1000 + 1000)
        assertThat(s.city().index()).isCloseTo(4.5, within(EXACT));
    }

    @Test
    void trafficFasterThanFreeFlowCountsAsFreeFlow() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, 13, 10)));

        assertThat(index.snapshot().road("a").orElseThrow().index()).isEqualTo(1.0);
        assertThat(index.snapshot().city().index()).isEqualTo(1.0);
    }

    @Test
    void roadsWithoutVehiclesContributeNothing() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, 5, 10), obs("b", 0, 1000, Double.NaN, 0), obs("c", 0, 1000, 20, 0)));

        CongestionSnapshot s = index.snapshot();
        assertThat(s.city().index()).isCloseTo(2.0, within(EXACT));
        assertThat(s.city().roads()).isEqualTo(1);
        assertThat(s.road("b")).isEmpty();
        assertThat(s.road("c").orElseThrow().index()).as("a speed without counted vehicles still rates the road")
                .isEqualTo(1.0);
    }

    @Test
    void anAreaWithoutTrafficHasNoIndexAndNoLevel() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, Double.NaN, 0)));

        AreaIndex city = index.snapshot().city();
        assertThat(city.index()).isNaN();
        assertThat(city.level()).isEmpty();
        assertThat(new CongestionIndex(TEN).snapshot().time()).isNaN();
    }

    @Test
    void aDistrictIsRatedOverItsOwnRoadsAndDistrictsMayOverlap() {
        List<District> districts = List.of(District.ofRoads("west", List.of("a")),
                District.ofRoads("centre", List.of("a", "b")), District.ofRoads("east", List.of("x")));
        CongestionIndex index = new CongestionIndex(TEN, districts, CongestionConfig.defaults());
        index.update(List.of(obs("a", 0, 1000, 5, 10), obs("b", 0, 500, 10, 40), obs("c", 0, 1000, 5, 10)));

        CongestionSnapshot s = index.snapshot();
        assertThat(s.districts()).containsOnlyKeys("west", "centre", "east");
        assertThat(s.district("west").orElseThrow().index()).isCloseTo(2.0, within(EXACT));
        assertThat(s.district("centre").orElseThrow().index()).isCloseTo(4000.0 / 3000.0, within(EXACT));
        assertThat(s.district("east").orElseThrow().index()).isNaN();
        // city: + c, 1000 m at 5 m/s with free flow 20 m/s → 2000 s against 500 s
        assertThat(s.city().index()).isCloseTo(6000.0 / 3500.0, within(EXACT));
    }

    @Test
    void roadsWithoutAFreeFlowSpeedAreUnratedAndLeftOut() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, 5, 10), obs("unknown", 0, 1000, 1, 100)));

        CongestionSnapshot s = index.snapshot();
        assertThat(s.unrated()).containsExactly("unknown");
        assertThat(s.road("unknown")).isEmpty();
        assertThat(s.city().index()).isCloseTo(2.0, within(EXACT));
    }

    @Test
    void aNewerObservationReplacesTheRoadsStateAndALateOneDoesNot() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.accept(obs("a", 300, 1000, 5, 10));
        index.accept(obs("a", 0, 1000, 10, 10));
        assertThat(index.snapshot().road("a").orElseThrow().index()).isEqualTo(2.0);

        index.accept(obs("a", 600, 1000, 2.5, 10));
        assertThat(index.snapshot().road("a").orElseThrow().index()).isEqualTo(4.0);
        assertThat(index.snapshot().time()).isEqualTo(900);
    }

    @Test
    void aRoadWhoseSensorFellSilentDropsOutOfSnapshots() {
        CongestionIndex index = new CongestionIndex(TEN, List.of(), CongestionConfig.defaults().withStaleAfterSeconds(600));
        index.update(List.of(obs("a", 0, 1000, 2, 10), obs("b", 0, 1000, 10, 10)));
        index.update(List.of(obs("b", 300, 1000, 10, 10)));
        index.update(List.of(obs("b", 600, 1000, 10, 10)));
        assertThat(index.snapshot().road("a")).as("ended 600 s before the newest").isPresent();

        index.update(List.of(obs("b", 900, 1000, 10, 10)));
        assertThat(index.snapshot().road("a")).isEmpty();
        assertThat(index.snapshot().city().index()).isEqualTo(1.0);
    }

    @Test
    void thePeriodSumsEveryIntervalUntilReset() {
        CongestionIndex index = new CongestionIndex(TEN);
        index.update(List.of(obs("a", 0, 1000, 10, 10)));   // 1000 s at free flow
        index.update(List.of(obs("a", 300, 1000, 5, 30))); // 6000 s against 3000 s

        PeriodIndex period = index.period();
        assertThat(period.city().index()).isCloseTo(7000.0 / 4000.0, within(EXACT));
        assertThat(period.from()).isZero();
        assertThat(period.to()).isEqualTo(600);
        assertThat(index.snapshot().city().index()).as("now: the latest interval only").isEqualTo(2.0);

        index.resetPeriod();
        assertThat(index.period().city().index()).isNaN();
        index.update(List.of(obs("a", 600, 1000, 10, 10)));
        assertThat(index.period().city().index()).isEqualTo(1.0);
    }

    @Test
    void twoDistrictsWithTheSameNameAreRejected() {
        List<District> twice = List.of(District.ofRoads("west", List.of("a")), District.ofRoads("west", List.of("b")));
        assertThatThrownBy(() -> new CongestionIndex(TEN, twice, CongestionConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'west' is given twice");
    }

    @Test
    void observationsWithImpossibleValuesAreRejectedNamingTheRoad() {
        assertThatThrownBy(() -> obs("a", 0, 1000, -1, 10)).hasMessageContaining("road 'a'").hasMessageContaining("meanSpeed");
        assertThatThrownBy(() -> obs("a", 0, 0, 5, 10)).hasMessageContaining("lengthMetres");
        assertThatThrownBy(() -> obs("a", 0, 1000, 5, -2)).hasMessageContaining("vehicles");
        assertThatThrownBy(() -> new RoadObservation("a", 0, 0, 1000, 5, 1)).hasMessageContaining("seconds");
        assertThatThrownBy(() -> FreeFlowSpeeds.configured(Map.of("a", 0.0))).hasMessageContaining("road 'a'");
        assertThatThrownBy(() -> CongestionConfig.defaults().withMaxIndex(1)).hasMessageContaining("maxIndex");
    }
}
