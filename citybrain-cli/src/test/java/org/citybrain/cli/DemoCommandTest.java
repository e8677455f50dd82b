package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void demoOutsideTheProjectSaysWhereItLookedForTheScenario() {
        CliRun r = CliRun.run(new CliEnvironment(tmp, false, false), "demo");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: demo scenario not found in " + tmp.resolve("scenarios/hangzhou_4x4"))
                .contains("./citybrain");
    }

    @Test
    void helpDescribesThePlatformDemoAndItsOptions() {
        CliRun r = CliRun.run("demo", "--help");

        assertThat(r.out().replaceAll("\\s+", " ")).contains("platform demo", "--port", "--data-dir", "--scenario",
                "hangzhou or nanchang", "Default: 10", "citybrain simulate", "docs/demo.md");
    }

    @Test
    void anUnknownScenarioOrSpeedIsAUsageError() {
        CliRun r = CliRun.run("demo", "--scenario", "atlantis");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--scenario must be hangzhou or nanchang, got 'atlantis'");

        CliRun slow = CliRun.run("demo", "--speed", "0");
        assertThat(slow.exitCode()).isEqualTo(2);
        assertThat(slow.err()).contains("--speed must be in (0, 1000]");
    }

    @Test
    void projectHomeComesFromTheLauncherProperty() {
        String before = System.getProperty("citybrain.home");
        try {
            System.setProperty("citybrain.home", tmp.toString());
            assertThat(CliEnvironment.fromSystem().home()).isEqualTo(tmp.toAbsolutePath());
            System.clearProperty("citybrain.home");
            assertThat(CliEnvironment.fromSystem().home()).isEqualTo(Path.of("").toAbsolutePath());
        } finally {
            if (before == null) {
                System.clearProperty("citybrain.home");
            } else {
                System.setProperty("citybrain.home", before);
            }
        }
    }
}
