package org.citybrain.control.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.citybrain.control.parking.Fixtures.NA;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileDeviationForecasterTest {
    private static final double[] SHAPE = {10, 20, 30, 40};

    /** Two weeks of the same daily shape, +5 all day in week 1 and -5 in week 2, then one more Monday. */
    private static OccupancySeries twoWeeksAndAMonday(double mondayLevel) {
        double[] v = new double[15 * 4];
        for (int day = 0; day < 15; day++) {
            double level = day < 7 ? 5 : day < 14 ? -5 : mondayLevel;
            for (int s = 0; s < 4; s++) {
                v[day * 4 + s] = Math.min(100, SHAPE[s] + level);
            }
        }
        return Fixtures.series("P", 100, 15, v);
    }

    @Test
    void aDeviationThatLastsAllDayIsKeptWhole() {
        OccupancySeries s = twoWeeksAndAMonday(12);
        ParkingData data = new ParkingData(s.grid(), List.of(s));
        ProfileDeviationForecaster f = ProfileDeviationForecaster.fit(data.until(Fixtures.MONDAY.plusDays(13)));

        assertThat(f.beta(0)).isCloseTo(1, within(1e-12));
        assertThat(f.beta(60)).isCloseTo(1, within(1e-12));
        assertThat(f.beta(45)).isCloseTo(1, within(1e-12));
        History at0830 = s.historyAt(14 * 4 + 1);
        // profile: 10 20 30 40 (weeks average out); now 32 = 20 + 12
        assertThat(f.forecastFree(at0830, 60)).as("09:30: 40 + 12").isCloseTo(48, within(1e-9));
        assertThat(f.forecastFree(at0830, 15)).as("08:45: 25 + 12").isCloseTo(63, within(1e-9));
    }

    @Test
    void withoutAReadingTodayTheProfileIsTheForecast() {
        OccupancySeries s = twoWeeksAndAMonday(12);
        double[] v = new double[s.grid().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i >= 56 ? NA : s.occupancy(i);
        }
        OccupancySeries gappy = Fixtures.series("P", 100, 15, v);
        ProfileDeviationForecaster f = ProfileDeviationForecaster.fit(
                new ParkingData(gappy.grid(), List.of(gappy)).until(Fixtures.MONDAY.plusDays(13)));

        assertThat(f.forecastFree(gappy.historyAt(57), 30)).isCloseTo(70, within(1e-9));
    }

    @Test
    void aCarParkUnknownToTheTrainingFallsBackToPersistence() {
        OccupancySeries s = twoWeeksAndAMonday(0);
        ProfileDeviationForecaster f = ProfileDeviationForecaster.fit(
                new ParkingData(s.grid(), List.of(s)).until(Fixtures.MONDAY.plusDays(13)));
        double[] v = new double[s.grid().size()];
        Arrays.fill(v, NA);
        v[57] = 7;
        OccupancySeries stranger = Fixtures.series("Q", 50, 15, v);

        assertThat(f.forecastFree(stranger.historyAt(57), 30)).isEqualTo(43.0);
    }

    @Test
    void forecastsStayWithinCapacity() {
        OccupancySeries s = twoWeeksAndAMonday(70);
        ProfileDeviationForecaster f = ProfileDeviationForecaster.fit(
                new ParkingData(s.grid(), List.of(s)).until(Fixtures.MONDAY.plusDays(13)));

        assertThat(f.forecastFree(s.historyAt(14 * 4 + 1), 60)).as("40 + 70 > 100").isZero();
    }
}
