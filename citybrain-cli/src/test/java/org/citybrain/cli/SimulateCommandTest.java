package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class SimulateCommandTest {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");
    private static final String FLOW = ProjectHome.scenario("hangzhou_4x4/anon_4_4_hangzhou_real.json");

    @TempDir
    Path tmp;

    @Test
    void optionsDefaultToOneHourOfOneSecondStepsWithThePlanOnOneThread() {
        CommandLine cli = CityBrainCli.commandLine(new CliEnvironment(tmp, false, false));
        cli.parseArgs("simulate", "--roadnet", "r.json", "--flow", "f.json");
        SimulateCommand sim = cli.getSubcommands().get("simulate").getCommand();

        assertThat(sim.steps).isEqualTo(3600);
        assertThat(sim.stepSeconds).isEqualTo(1.0);
        assertThat(sim.controller).isEqualTo("plan");
        assertThat(sim.seed).isZero();
        assertThat(sim.threads).isEqualTo(1);
        assertThat(sim.laneChange).isFalse();
        assertThat(sim.files.format).isNull();
        assertThat(sim.report).isNull();
    }

    @Test
    void everyOptionOfTheContractParses() {
        CommandLine cli = CityBrainCli.commandLine(new CliEnvironment(tmp, false, false));
        cli.parseArgs("simulate", "--roadnet", "r.xml", "--flow", "f.xml", "--format", "sumo", "--steps", "300",
                "--controller", "plan", "--lane-change", "--seed", "7", "--threads", "2", "--step-seconds", "0.5",
                "--report", "out.json");
        SimulateCommand sim = cli.getSubcommands().get("simulate").getCommand();

        assertThat(sim.files.roadnet).isEqualTo(Path.of("r.xml"));
        assertThat(sim.files.flow).isEqualTo(Path.of("f.xml"));
        assertThat(sim.files.format.cliName()).isEqualTo("sumo");
        assertThat(sim.steps).isEqualTo(300);
        assertThat(sim.laneChange).isTrue();
        assertThat(sim.seed).isEqualTo(7);
        assertThat(sim.threads).isEqualTo(2);
        assertThat(sim.stepSeconds).isEqualTo(0.5);
        assertThat(sim.report).isEqualTo(Path.of("out.json"));
    }

    @Test
    void unknownControllerIsAUsageErrorListingTheKnownOnes() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--controller", "max-pressure");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: unknown controller 'max-pressure'")
                .contains("known controllers: plan, fixed, webster, sotl, maxpressure, advanced-mp, brain");
    }

    @Test
    void missingRoadnetIsAUsageError() {
        CliRun r = CliRun.run("simulate", "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: Missing required option: '--roadnet=FILE'")
                .contains("citybrain simulate --help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingFileIsAnInputErrorNamingTheFile() {
        CliRun r = CliRun.run("simulate", "--roadnet", tmp.resolve("nowhere.json").toString(), "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("citybrain: error: road network file not found: " + tmp.resolve("nowhere.json"));
    }

    @Test
    void missingFlowFileIsAnInputErrorNamingTheFile() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", "no-such-flow.json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("citybrain: error: flow file not found: no-such-flow.json (looked for /");
    }

    @Test
    void directoryGivenAsFileIsAnInputError() {
        CliRun r = CliRun.run("simulate", "--roadnet", tmp.toString(), "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("road network is a directory, expected a file");
    }

    @Test
    void nonNumericStepsIsAUsageError() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "ten");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: Invalid value for option '--steps': 'ten' is not an int");
    }

    @Test
    void zeroStepsIsAUsageError() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --steps must be at least 1, got 0");
    }

    @Test
    void stepSecondsOutsideZeroToTenIsAUsageError() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--step-seconds", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("citybrain: error: --step-seconds: step must be in (0, 10] seconds");
    }

    @Test
    void zeroThreadsIsAUsageError() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--threads", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("citybrain: error: --threads: threads must be >= 1");
    }

    @Test
    void unknownFormatIsAUsageErrorListingTheKnownOnes() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--format", "osm");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .contains("unknown format 'osm'; known formats: cityflow, kdd, sumo");
    }

    @Test
    void fileOfNoKnownFormatIsAnInputErrorWithFileLineAndReason() throws IOException {
        Path odd = Files.writeString(tmp.resolve("network.txt"), "# not a network\n");

        CliRun r = CliRun.run("simulate", "--roadnet", odd.toString(), "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("citybrain: error: " + odd + ": line 1: cannot tell the format: expected CityFlow JSON "
                        + "('{'), SUMO XML ('<') or KDD Cup text (a number), found '#'; use --format to force one");
    }

    @Test
    void emptyFileIsAnInputError() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "  \n");

        CliRun r = CliRun.run("simulate", "--roadnet", empty.toString(), "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("citybrain: error: " + empty + ": file is empty" + System.lineSeparator());
    }

    @Test
    void helpShowsEveryOptionWithItsDefault() {
        CliRun r = CliRun.run("simulate", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--roadnet=FILE", "--flow=FILE", "--format=FORMAT", "cityflow, kdd, sumo",
                "--steps=N", "Default: 3600", "--controller=NAME", "Default: plan", "--lane-change", "--seed=N",
                "--threads=N", "--step-seconds=S", "--report=FILE", "--verbose");
    }
}
