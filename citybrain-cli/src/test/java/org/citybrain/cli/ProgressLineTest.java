package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void halfwayLineShowsHalfABarTimeVehiclesAndSpeed() {
        assertThat(ProgressLine.render(true, 1800, 3600, 1.0, 1234, 812_000))
                .isEqualTo("[#####     ] 1800/3600 s  1,234 vehicles  0.8 M upd/s");
    }

    @Test
    void timeCountsSimulatedSecondsNotSteps() {
        assertThat(ProgressLine.render(true, 3, 10, 0.5, 0, 0)).startsWith("[###       ] 1.5/5 s  0 vehicles");
    }

    @Test
    void terminalRedrawsOneLineInPlaceAndEndsIt() {
        StringWriter err = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(err), true, 1.0);

        assertThat(p.due(0)).isTrue();
        p.draw(0, 10, 100, 12_345, 2e6);
        assertThat(p.due(1_000)).as("redraws at most ten times a second").isFalse();
        p.finish(100, 100, 5, 1e6);

        assertThat(err.toString())
                .isEqualTo("\r[#         ] 10/100 s  12,345 vehicles  2.0 M upd/s"
                        + "\r[##########] 100/100 s  5 vehicles  1.0 M upd/s" + " ".repeat(4) + System.lineSeparator());
    }

    @Test
    void withoutTerminalOnlyOneFinalLineWithoutBar() {
        StringWriter err = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(err), false, 1.0);

        assertThat(p.due(0)).isFalse();
        p.finish(300, 300, 42, 650_000);

        assertThat(err.toString()).isEqualTo("300/300 s  42 vehicles  0.7 M upd/s" + System.lineSeparator());
    }
}
