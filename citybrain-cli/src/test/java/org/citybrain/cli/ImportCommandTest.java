package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ImportCommandTest {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");

    @TempDir
    Path tmp;

    @Test
    void originParsesAsLatitudeThenLongitude() {
        CommandLine cli = CityBrainCli.commandLine(new CliEnvironment(tmp, false, false));
        cli.parseArgs("import", "--roadnet", "r.json", "--out", "o", "--origin", "30.2741, 120.1551");
        ImportCommand imp = cli.getSubcommands().get("import").getCommand();

        assertThat(imp.origin.originLat()).isEqualTo(30.2741);
        assertThat(imp.origin.originLon()).isEqualTo(120.1551);
        assertThat(imp.flow).isNull();
    }

    @Test
    void missingOutIsAUsageError() {
        CliRun r = CliRun.run("import", "--roadnet", ROADNET);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: Missing required option: '--out=DIR'");
    }

    @Test
    void malformedOriginIsAUsageError() {
        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--out", tmp.toString(), "--origin", "30.27");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--origin': expected LAT,LON");
    }

    @Test
    void originOffTheGlobeIsAUsageError() {
        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--out", tmp.toString(), "--origin", "95,10");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("origin must be valid WGS84 degrees");
    }

    @Test
    void outThatIsAFileIsAnInputErrorBeforeAnythingIsRead() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");

        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--out", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("citybrain: error: --out must be a directory, but is a file: " + file);
    }

    @Test
    void missingRoadnetFileIsAnInputError() {
        CliRun r = CliRun.run("import", "--roadnet", tmp.resolve("none.net.xml").toString(), "--out", tmp.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("citybrain: error: road network file not found: ");
    }
}
