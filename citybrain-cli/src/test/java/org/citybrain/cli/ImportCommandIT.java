package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Through the real readers and writers on the bundled Hangzhou 4x4 scenario. */
class ImportCommandIT {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");
    private static final String FLOW = ProjectHome.scenario("hangzhou_4x4/anon_4_4_hangzhou_real.json");

    @TempDir
    Path tmp;

    @Test
    void importWritesRoadnetFlowAndGeoJson() throws IOException {
        Path out = tmp.resolve("hz");

        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--flow", FLOW, "--out", out.toString(),
                "--origin", "30.2741,120.1551");

        assertThat(r.exitCode()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode roadnet = json.readTree(out.resolve("roadnet.json").toFile());
        assertThat(roadnet.get("intersections").size()).isPositive();
        assertThat(roadnet.get("roads").size()).isPositive();
        assertThat(json.readTree(out.resolve("flow.json").toFile()).size()).isPositive();
        JsonNode geo = json.readTree(out.resolve("network.geojson").toFile());
        assertThat(geo.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(geo.get("features").size()).isPositive();
        assertThat(r.out()).contains("roadnet.json", "flow.json", "network.geojson", "intersections", "roads", "flows");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void importWithoutFlowWritesNoFlowFile() {
        Path out = tmp.resolve("net");

        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--out", out.toString(), "--origin", "30.27,120.15");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("roadnet.json")).isRegularFile();
        assertThat(out.resolve("network.geojson")).isRegularFile();
        assertThat(Files.exists(out.resolve("flow.json"))).isFalse();
    }

    @Test
    void importWithoutAnyOriginWarnsAndPlacesTheNetworkAtZero() {
        CliRun r = CliRun.run("import", "--roadnet", ROADNET, "--out", tmp.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("citybrain: warning: ").contains("no geo reference", "--origin");
        assertThat(r.out()).contains("origin 0.000000,0.000000 (default)");
    }
}
