package org.citybrain.control.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CongestionLevelTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "1.0, FREE", "1.4999, FREE", "1.5, LIGHT", "1.9999, LIGHT", "2.0, MODERATE", "2.9999, MODERATE",
        "3.0, HEAVY", "3.9999, HEAVY", "4.0, SEVERE", "10, SEVERE", "Infinity, SEVERE"})
    void eachDefaultBoundaryBelongsToTheLevelItStarts(double index, CongestionLevel level) {
        assertThat(CongestionLevel.of(index, CongestionThresholds.defaults())).isEqualTo(level);
    }

    @Test
    void thresholdsAreConfigurable() {
        CongestionThresholds strict = new CongestionThresholds(1.2, 1.5, 1.8, 2.0);
        assertThat(CongestionLevel.of(1.3, strict)).isEqualTo(CongestionLevel.LIGHT);
        assertThat(CongestionLevel.of(2.0, strict)).isEqualTo(CongestionLevel.SEVERE);
    }

    @Test
    void thresholdsMustIncrease() {
        assertThatThrownBy(() -> new CongestionThresholds(1.5, 2.0, 2.0, 4.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("congestion thresholds must increase: heavy (2.0) must be a finite index above moderate (2.0)");
        assertThatThrownBy(() -> new CongestionThresholds(1.5, 1.2, 3.0, 4.0)).hasMessageContaining("moderate (1.2)");
        assertThatThrownBy(() -> new CongestionThresholds(1.5, 2.0, 3.0, Double.POSITIVE_INFINITY))
                .hasMessageContaining("severe");
    }

    @Test
    void theFirstThresholdMustLieAboveFreeFlow() {
        assertThatThrownBy(() -> new CongestionThresholds(1.0, 2.0, 3.0, 4.0)).hasMessageContaining("light")
                .hasMessageContaining("above 1");
        assertThatThrownBy(() -> new CongestionThresholds(Double.NaN, 2.0, 3.0, 4.0)).hasMessageContaining("light");
    }

    @Test
    void nanHasNoLevel() {
        assertThatThrownBy(() -> CongestionLevel.of(Double.NaN, CongestionThresholds.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
