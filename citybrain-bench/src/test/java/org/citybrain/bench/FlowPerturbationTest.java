package org.citybrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.citybrain.twin.Flow;
import org.citybrain.twin.VehicleType;
import org.junit.jupiter.api.Test;

class FlowPerturbationTest {
    /** 1,000 vehicles on one route, one a second from 100 s, and one more flow of a single vehicle. */
    private static final List<Flow> FLOWS = List.of(
            new Flow("a", VehicleType.DEFAULT, List.of("r1", "r2"), 1, 100, 1099),
            new Flow("b", VehicleType.DEFAULT, List.of("r3"), 1, 5, 5));

    @Test
    void theSameSeedGivesTheSameVehiclesAndAnotherSeedOthers() {
        List<Flow> one = FlowPerturbation.perturb(FLOWS, 7, 0.05, 30);
        assertThat(FlowPerturbation.perturb(FLOWS, 7, 0.05, 30)).isEqualTo(one);
        assertThat(FlowPerturbation.perturb(FLOWS, 8, 0.05, 30)).isNotEqualTo(one);
    }

    @Test
    void dropsAboutTheGivenShareAndShiftsWithinTheBoundNeverBeforeZero() {
        List<Flow> out = FlowPerturbation.perturb(FLOWS, 1, 0.05, 30);
        // 1,001 vehicles, 5% dropped: 951 expected, binomial sd about 7
        assertThat(out.size()).isBetween(925, 975);
        for (Flow f : out) {
            assertThat(f.vehicleCount()).isEqualTo(1);
            assertThat(f.startTime()).isEqualTo(Math.rint(f.startTime())).isGreaterThanOrEqualTo(0);
            if (f.route().get(0).equals("r1")) {
                long k = Long.parseLong(f.id().substring(2));
                assertThat(f.startTime() - (100 + k)).isBetween(-30.0, 30.0);
            } else {
                assertThat(f.startTime()).isBetween(0.0, 35.0);
            }
        }
        assertThat(out).isSortedAccordingTo((x, y) -> Double.compare(x.startTime(), y.startTime()));
        long shifted = out.stream().filter(f -> f.route().get(0).equals("r1"))
                .filter(f -> f.startTime() != 100 + Long.parseLong(f.id().substring(2))).count();
        assertThat(shifted).as("almost every vehicle moves").isGreaterThan(out.size() * 9 / 10);
    }

    @Test
    void withoutDropOrShiftItExpandsTheFlowsUnchanged() {
        List<Flow> out = FlowPerturbation.perturb(FLOWS, 3, 0, 0);
        assertThat(out).hasSize(1001);
        assertThat(out.get(0).startTime()).isEqualTo(5);
        assertThat(out.get(1).startTime()).isEqualTo(100);
        assertThat(out.get(1000).startTime()).isEqualTo(1099);
    }

    @Test
    void refusesAProbabilityOfOneAndAnUnboundedFlow() {
        assertThatIllegalArgumentException().isThrownBy(() -> FlowPerturbation.perturb(FLOWS, 1, 1, 30))
                .withMessageContaining("drop probability");
        List<Flow> endless = List.of(new Flow("e", VehicleType.DEFAULT, List.of("r1"), 2, 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> FlowPerturbation.perturb(endless, 1, 0.05, 30))
                .withMessageContaining("flow e never ends");
    }
}
