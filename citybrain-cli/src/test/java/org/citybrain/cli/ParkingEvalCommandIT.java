package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code citybrain parking-eval} on the project copy of the UCI Birmingham car park data. */
class ParkingEvalCommandIT {

    @Test
    void ourForecasterBeatsBothBaselinesOnBirmingham() {
        CliRun r = CliRun.run("parking-eval", "--data", ProjectHome.scenario("parking/birmingham_parking_uci.csv"));
        System.out.print(r.out());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Data: 35,717 rows, 30 car parks, 2016-10-04..2016-12-19 (77 days)")
                .contains("occupancy above capacity                         373  clamped to capacity (0 free)")
                .contains("Split: train 2016-10-04..2016-11-23 (51 days), test 2016-11-24..2016-12-19 (26 days)")
                .containsPattern("15 min .* yes")
                .containsPattern("30 min .* yes")
                .containsPattern("60 min .* yes")
                .contains("profile+deviation beats both baselines at every horizon.");
    }
}
