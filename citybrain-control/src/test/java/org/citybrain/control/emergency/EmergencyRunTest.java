package org.citybrain.control.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.citybrain.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

class EmergencyRunTest {

    @Test
    void comparesTheVehicleAndEveryoneElseWithoutAndWithPriority() {
        EmergencyRun.Comparison c = EmergencyRun.compare(Crossing.withCrossTraffic(), SimulationConfig.defaults(),
                Crossing::cycle, new EmergencyTrip(Crossing.EMERGENCY_ROUTE, 10), 300, EmergencyConfig.DEFAULTS);
        assertThat(c.without().controller()).isEqualTo("cycle");
        assertThat(c.with().controller()).isEqualTo("cycle+emergency");
        assertThat(c.without().finished()).isTrue();
        assertThat(c.with().finished()).isTrue();
        assertThat(c.ratio()).isLessThan(0.8);
        assertThat(c.timeSaved()).isEqualTo(c.without().travelTime() - c.with().travelTime());
        // the others are everyone generated but the emergency vehicle
        assertThat(c.with().others()).isEqualTo(c.with().metrics().vehiclesGenerated() - 1);
        assertThat(c.extraDelay()).as("cross traffic loses its green for a while").isPositive();
    }

    @Test
    void theDefaultRouteIsTheLongestStraightOneFromTheBoundaryTiesToTheFirstRoad() {
        assertThat(EmergencyRun.longestStraightRoute(Crossing.network())).contains(List.of("w_in", "e_out"));
    }

    @Test
    void aRouteNamesItsFirstUnknownOrUnjoinedRoad() {
        assertThatThrownBy(() -> EmergencyRun.checkRoute(Crossing.network(), List.of("w_in", "nowhere")))
                .hasMessage("route[1]: unknown road 'nowhere'");
        assertThatThrownBy(() -> EmergencyRun.checkRoute(Crossing.network(), List.of("w_in", "n_out")))
                .hasMessage("route[1]: no road link from 'w_in' to 'n_out'");
    }

    @Test
    void theVehicleMustSetOffWithinTheRun() {
        assertThatThrownBy(() -> EmergencyRun.run(Crossing.withCrossTraffic(), SimulationConfig.defaults(), Crossing.cycle(),
                new EmergencyTrip(Crossing.EMERGENCY_ROUTE, 300), 300, java.util.Optional.empty()))
                .hasMessageContaining("after the run's end");
        assertThatThrownBy(() -> new EmergencyTrip(List.of("w_in"), 0)).hasMessageContaining("at least two roads");
    }
}
