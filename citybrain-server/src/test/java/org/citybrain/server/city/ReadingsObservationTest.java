package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platform's view of an intersection: what a camera frame adds to the lane readings. */
class ReadingsObservationTest {
    private final ReadingsObservation obs = new ReadingsObservation(new String[] {"a", "b"}, new int[] {0, 0}, 1);

    @Test
    void withoutAFrameNoSingleVehicleIsSeen() {
        List<double[]> seen = new ArrayList<>();
        obs.approaching(0, 1000, (d, v) -> seen.add(new double[] {d, v}));
        assertThat(seen).isEmpty();
        assertThat(obs.movingWithin(0, 1000)).isZero();
    }

    @Test
    void aFrameShowsItsVehiclesWithinTheAskedDistanceNearestFirst() {
        // more vehicles than the first allocation holds
        for (int k = 0; k < 20; k++) {
            obs.camera(0, 5 + 10 * k, k < 12 ? 0 : 8.0);
        }
        obs.camera(1, 50, 0.05);
        List<double[]> seen = new ArrayList<>();
        obs.approaching(0, 100, (d, v) -> seen.add(new double[] {d, v}));
        assertThat(seen).hasSize(10);
        assertThat(seen.get(0)[0]).isEqualTo(5.0);
        assertThat(seen.get(9)[0]).isEqualTo(95.0);
        assertThat(obs.movingWithin(0, 200)).isEqualTo(8);
        assertThat(obs.movingWithin(0, 130)).isEqualTo(1);
        assertThat(obs.seenSlowerThan(0, 0.1)).isEqualTo(12);
        assertThat(obs.seenSlowerThan(1, 0.1)).isEqualTo(1);

        obs.clearCamera();
        assertThat(obs.movingWithin(0, 200)).isZero();
        assertThat(obs.seenSlowerThan(1, 0.1)).isZero();
    }
}
