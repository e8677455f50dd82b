package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void keepsTheNewestSamplesInOrderAndForgetsTheOldest() {
        Series series = new Series(3);
        for (int i = 1; i <= 5; i++) {
            series.add(i * 1000L, new CityView.Kpis(i == 4 ? null : 1.0 + i, 10.0 * i, null, 100.0 * i, i));
        }
        assertThat(series.size()).isEqualTo(3);
        assertThat(series.times()).containsExactly(3000, 4000, 5000);
        assertThat(series.values(0)).containsExactly(4.0, Double.NaN, 6.0);
        assertThat(series.values(1)).containsExactly(30.0, 40.0, 50.0);
        assertThat(series.values(2)).containsOnly(Double.NaN);
        assertThat(series.values(4)).containsExactly(3.0, 4.0, 5.0);
    }

    @Test
    void beforeItFillsItHoldsWhatWasAdded() {
        Series series = new Series(10);
        series.add(7, new CityView.Kpis(1.5, null, null, null, 0));
        assertThat(series.times()).containsExactly(7);
        assertThat(series.values(0)).containsExactly(1.5);
    }
}
