package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class EmergencyCommandTest {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");
    private static final String FLOW = ProjectHome.scenario("hangzhou_4x4/anon_4_4_hangzhou_real.json");

    @TempDir
    Path tmp;

    @Test
    void optionsDefaultToMaxPressureAndThePlanWithTheVehicleSettingOffAtHalfAnHour() {
        CommandLine cli = CityBrainCli.commandLine(new CliEnvironment(tmp, false, false));
        cli.parseArgs("emergency", "--roadnet", "r.json", "--flow", "f.json");
        EmergencyCommand cmd = cli.getSubcommands().get("emergency").getCommand();

        assertThat(cmd.controllers).containsExactly("maxpressure", "plan");
        assertThat(cmd.depart).isEqualTo(1800);
        assertThat(cmd.steps).isEqualTo(3600);
        assertThat(cmd.route).isNull();
        assertThat(cmd.seed).isZero();
        assertThat(cmd.report).isNull();
    }

    @Test
    void theRouteIsAListOfRoads() {
        CommandLine cli = CityBrainCli.commandLine(new CliEnvironment(tmp, false, false));
        cli.parseArgs("emergency", "--roadnet", "r.json", "--flow", "f.json", "--route", "a,b,c", "--depart", "60",
                "--controller", "sotl", "--steps", "600", "--report", "out.json");
        EmergencyCommand cmd = cli.getSubcommands().get("emergency").getCommand();

        assertThat(cmd.route).isEqualTo(List.of("a", "b", "c"));
        assertThat(cmd.controllers).containsExactly("sotl");
        assertThat(cmd.depart).isEqualTo(60);
        assertThat(cmd.report).isEqualTo(Path.of("out.json"));
    }

    @Test
    void unknownControllerIsAUsageErrorListingTheKnownOnes() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--controller", "maxpressure,mp");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: unknown controller 'mp'")
                .contains("known controllers: " + Controllers.names())
                .contains("citybrain emergency --help");
    }

    @Test
    void aDepartureOutsideTheRunIsAUsageError() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "600", "--depart", "600");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --depart must be in [0, 600) s so the vehicle sets off within the run, got 600.0");
    }

    @Test
    void tooFewStepsIsAUsageError() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("citybrain: error: --steps must be at least 1, got 0");
    }

    @Test
    void aOneRoadRouteIsAUsageError() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--route", "road_0_1_0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --route needs at least two roads, got [road_0_1_0]");
    }

    @Test
    void aRouteThatIsNotJoinedIsAUsageErrorNamingTheRoad() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--route", "road_0_1_0,road_2_1_0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --route: route[1]: no road link from 'road_0_1_0' to 'road_2_1_0'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownRoadIsAUsageError() {
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--route", "road_0_1_0,road_9_9_9");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: --route: route[1]: unknown road 'road_9_9_9'");
    }

    @Test
    void missingFileIsAnInputErrorNamingTheFile() {
        CliRun r = CliRun.run("emergency", "--roadnet", tmp.resolve("nowhere.json").toString(), "--flow", FLOW);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: road network file not found: ").contains("nowhere.json");
    }
}
