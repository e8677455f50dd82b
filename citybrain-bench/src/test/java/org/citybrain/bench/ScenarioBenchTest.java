package org.citybrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ScenarioBenchTest {

    @Test
    void rejectsAMissingRoadnetNamingTheOption() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScenarioBench.Options.parse("--flow", "flow.json"))
                .withMessageContaining("missing --roadnet");
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScenarioBench.Options.parse("--roadnet", "--flow", "flow.json"))
                .withMessage("--roadnet needs a value");
    }

    @Test
    void rejectsAThreadCountBelowOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScenarioBench.Options.parse("--roadnet", "r", "--flow", "f", "--threads", "0"))
                .withMessageContaining("--threads needs a whole number of at least 1, got '0'");
    }

    @Test
    void defaultsToOneThreadAnHourAndThreeRunsWithoutLaneChange() {
        ScenarioBench.Options o = ScenarioBench.Options.parse("--roadnet", "r.json", "--flow", "f.json");
        assertThat(o).isEqualTo(new ScenarioBench.Options(Path.of("r.json"), Path.of("f.json"), false, 1, 3600, 3));
    }

    @Test
    void readsEveryOption() {
        ScenarioBench.Options o = ScenarioBench.Options.parse("--roadnet", "r", "--flow", "f", "--lane-change",
                "--threads", "2", "--steps", "100", "--runs", "5");
        assertThat(o).isEqualTo(new ScenarioBench.Options(Path.of("r"), Path.of("f"), true, 2, 100, 5));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(ScenarioBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(ScenarioBench.median(new double[] {3, 1, 2})).isEqualTo(2);
    }
}
