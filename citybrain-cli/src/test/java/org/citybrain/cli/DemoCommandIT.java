package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo through the real readers and engine. */
class DemoCommandIT {

    @Test
    void demoSimulatesHangzhouWithItsOwnPlanAndPrintsTheSummary() {
        CliRun r = CliRun.run("demo", "--steps", "120");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("CityBrain demo: Hangzhou 4x4", "roadnet_4_4.json", "anon_4_4_hangzhou_real.json",
                "controller plan", "average travel time");
    }
}
