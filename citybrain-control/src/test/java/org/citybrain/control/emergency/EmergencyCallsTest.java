package org.citybrain.control.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.control.emergency.Crossing.SOUTH;
import static org.citybrain.control.emergency.Crossing.WEST_EAST;
import static org.citybrain.control.emergency.Crossing.YELLOW;

import java.util.List;

import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.sim.signal.SignalSite;
import org.junit.jupiter.api.Test;

/** The rules of a call on the hand-made crossing, without a controller around them. */
class EmergencyCallsTest {
    private static final SignalSite CENTRE = Crossing.centre();
    private static final int W_IN = CENTRE.incomingIndex("w_in", 0);
    private static final int S_IN = CENTRE.incomingIndex("s_in", 0);
    private final EmergencyCalls calls = new EmergencyCalls(IntersectionLayout.of(CENTRE), EmergencyConfig.DEFAULTS);

    private static EmergencyPosition at(List<String> route, int index, boolean crossing, double toStopLine, double speed) {
        return new EmergencyPosition(1, route, index, 0, crossing, toStopLine, speed);
    }

    @Test
    void theMovementIsTheLinkToTheNextRoadOfTheRouteAndNoneWhileCrossingOrOnTheLastRoad() {
        int m = calls.movement(at(Crossing.EMERGENCY_ROUTE, 0, false, 100, 10));
        assertThat(m).isNotNegative();
        assertThat(calls.lets(WEST_EAST, m)).isTrue();
        assertThat(calls.lets(SOUTH, m)).isFalse();
        assertThat(calls.lets(YELLOW, m)).isFalse();
        assertThat(calls.movement(at(Crossing.EMERGENCY_ROUTE, 0, true, 0, 10))).isEqualTo(-1);
        assertThat(calls.movement(at(Crossing.EMERGENCY_ROUTE, 1, false, 100, 10))).isEqualTo(-1);
    }

    @Test
    void aVehicleCallsWithinTwentyFiveSecondsOrOneHundredFiftyMetresOrWhenTheQueueReachesIt() {
        // 25 s × 11.1 m/s = 277.5 m
        assertThat(calls.calls(at(Crossing.EMERGENCY_ROUTE, 0, false, 270, 11.1), lane -> 0)).isTrue();
        assertThat(calls.calls(at(Crossing.EMERGENCY_ROUTE, 0, false, 290, 11.1), lane -> 0)).isFalse();
        assertThat(calls.calls(at(Crossing.EMERGENCY_ROUTE, 0, false, 149, 0), lane -> 0)).isTrue();
        // stopped 200 m out: a queue of 24 vehicles (8 m each, +1 for itself) reaches it, 23 does not
        assertThat(calls.calls(at(Crossing.EMERGENCY_ROUTE, 0, false, 200, 0), lane -> lane == W_IN ? 24 : 0)).isTrue();
        assertThat(calls.calls(at(Crossing.EMERGENCY_ROUTE, 0, false, 200, 0), lane -> lane == W_IN ? 23 : 0)).isFalse();
    }

    @Test
    void theShownPhaseIsKeptWhenItLetsTheVehicleGoElseTheOneThatDoesWithTheMostQueued() {
        int westEast = calls.movement(at(Crossing.EMERGENCY_ROUTE, 0, false, 100, 10));
        assertThat(calls.phaseFor(westEast, WEST_EAST, lane -> 0)).isEqualTo(WEST_EAST);
        assertThat(calls.phaseFor(westEast, SOUTH, lane -> lane == S_IN ? 9 : 0)).isEqualTo(WEST_EAST);
        int north = calls.movement(at(List.of("s_in", "n_out"), 0, false, 100, 10));
        assertThat(calls.phaseFor(north, YELLOW, lane -> 0)).isEqualTo(SOUTH);
    }

    @Test
    void onlyAllowedPhasesAreChosenAndNoneWhenNoAllowedPhaseLetsTheVehicleGo() {
        int westEast = calls.movement(at(Crossing.EMERGENCY_ROUTE, 0, false, 100, 10));
        assertThat(calls.phaseFor(westEast, WEST_EAST, lane -> 0, p -> p != WEST_EAST)).isEqualTo(-1);
        assertThat(calls.phaseFor(westEast, SOUTH, lane -> 0, p -> p == WEST_EAST)).isEqualTo(WEST_EAST);
    }
}
