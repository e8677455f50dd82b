package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** End to end through the real readers and engine on the bundled Hangzhou 4x4 scenario. */
class SimulateCommandIT {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");
    private static final String FLOW = ProjectHome.scenario("hangzhou_4x4/anon_4_4_hangzhou_real.json");

    @TempDir
    Path tmp;

    @Test
    void simulateWritesAReportWithEveryFieldAndConsistentCounts() throws IOException {
        Path report = tmp.resolve("out/report.json");

        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "300", "--seed", "3",
                "--report", report.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        for (String field : SimulationReportTest.CONTRACT_FIELDS) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("steps").asInt()).isEqualTo(300);
        assertThat(json.get("stepSeconds").asDouble()).isEqualTo(1.0);
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("format").asText()).isEqualTo("cityflow");
        assertThat(json.get("controller").asText()).isEqualTo("plan");
        assertThat(json.get("roadnet").asText()).isEqualTo(ROADNET);
        assertThat(json.get("flow").asText()).isEqualTo(FLOW);
        long entered = json.get("vehiclesEntered").asLong();
        long finished = json.get("vehiclesFinished").asLong();
        assertThat(entered).isPositive();
        assertThat(json.get("vehiclesRunning").asLong()).isEqualTo(entered - finished);
        assertThat(json.get("vehiclesGenerated").asLong())
                .isEqualTo(entered + json.get("vehiclesWaiting").asLong());
        assertThat(json.get("averageTravelTime").asDouble()).isBetween(0.0, 300.0);
        assertThat(json.get("vehicleUpdates").asLong()).isPositive();
        assertThat(json.get("wallSeconds").asDouble()).isPositive();
        assertThat(json.get("vehicleUpdatesPerSecond").asDouble()).isPositive();
        assertThat(json.get("peakHeapMB").asDouble()).isPositive();
    }

    @Test
    void summaryNamesEveryFigureAndTheReport() {
        Path report = tmp.resolve("report.json");

        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "120", "--report",
                report.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("average travel time", "entered", "finished", "running", "waiting",
                "vehicle updates", "s wall", "M updates/s", "peak heap", "report", report.toString());
    }

    @Test
    void withoutTerminalOneFinalProgressLineAndNoBar() {
        CliRun r = CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "60");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.errLines()).singleElement().asString().matches("60/60 s  [\\d,]+ vehicles  \\d+\\.\\d M upd/s");
        assertThat(r.err()).doesNotContain("\r", "[#");
    }

    @Test
    void sameSeedGivesTheSameFigures() throws IOException {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "200", "--lane-change", "--report", a.toString());
        CliRun.run("simulate", "--roadnet", ROADNET, "--flow", FLOW, "--steps", "200", "--lane-change", "--threads", "2",
                "--report", b.toString());

        ObjectMapper json = new ObjectMapper();
        JsonNode ra = json.readTree(a.toFile());
        JsonNode rb = json.readTree(b.toFile());
        for (String field : new String[] {"averageTravelTime", "vehiclesEntered", "vehiclesFinished", "vehicleUpdates"}) {
            assertThat(rb.get(field)).as(field).isEqualTo(ra.get(field));
        }
    }
}
