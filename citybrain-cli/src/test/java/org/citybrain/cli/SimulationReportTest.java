package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SimulationReportTest {
    /** The fields scripts rely on; renaming one breaks them. */
    static final List<String> CONTRACT_FIELDS = List.of("averageTravelTime", "vehiclesEntered", "vehiclesFinished",
            "vehiclesRunning", "vehiclesWaiting", "vehiclesGenerated", "meanDelay", "throughputPerHour",
            "vehicleUpdates", "wallSeconds", "vehicleUpdatesPerSecond", "loadSeconds", "steps", "stepSeconds", "seed",
            "laneChange", "threads", "controller", "roadnet", "flow", "format", "peakHeapMB");

    @TempDir
    Path tmp;

    private final RunRequest run = new RunRequest(Path.of("r.json"), Path.of("f.json"), Optional.empty(), 3600, "plan",
            new SimulationConfig(1.0, 7, true, 2), Optional.empty());

    @Test
    void reportCarriesEveryContractFieldWithTheRunsValues() throws IOException {
        RunMetrics m = new RunMetrics(3600, 2983, 2946, 2508, 438, 37, 525.3, 120.5, 2508, 5_000_000);
        Path file = tmp.resolve("nested/dir/report.json");

        SimulationReport.of(run, "cityflow", m, 0.4, 2.5, 300L << 20, 120.0).write(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsAll(CONTRACT_FIELDS);
        assertThat(json.get("averageTravelTime").asDouble()).isEqualTo(525.3);
        assertThat(json.get("vehiclesGenerated").asLong()).isEqualTo(2983);
        assertThat(json.get("vehiclesEntered").asLong()).isEqualTo(2946);
        assertThat(json.get("vehiclesFinished").asLong()).isEqualTo(2508);
        assertThat(json.get("vehiclesRunning").asLong()).isEqualTo(438);
        assertThat(json.get("vehiclesWaiting").asLong()).isEqualTo(37);
        assertThat(json.get("vehicleUpdates").asLong()).isEqualTo(5_000_000);
        assertThat(json.get("wallSeconds").asDouble()).isEqualTo(2.5);
        assertThat(json.get("vehicleUpdatesPerSecond").asDouble()).isEqualTo(2_000_000);
        assertThat(json.get("loadSeconds").asDouble()).isEqualTo(0.4);
        assertThat(json.get("steps").asInt()).isEqualTo(3600);
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.get("laneChange").asBoolean()).isTrue();
        assertThat(json.get("threads").asInt()).isEqualTo(2);
        assertThat(json.get("controller").asText()).isEqualTo("plan");
        assertThat(json.get("roadnet").asText()).isEqualTo("r.json");
        assertThat(json.get("format").asText()).isEqualTo("cityflow");
        assertThat(json.get("peakHeapMB").asDouble()).isEqualTo(300.0);
    }

    @Test
    void figuresThatDoNotExistAreNullNotNaN() throws IOException {
        RunMetrics m = new RunMetrics(0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0);
        Path file = tmp.resolve("report.json");

        SimulationReport.of(run, "cityflow", m, 0.1, 0.0, 1, null).write(file);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("NaN");
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("averageTravelTime").isNull()).isTrue();
        assertThat(json.get("meanDelay").isNull()).isTrue();
        assertThat(json.get("vehicleUpdatesPerSecond").isNull()).isTrue();
    }

    @Test
    void reportPathThatIsADirectoryIsAnInputError() {
        RunMetrics m = new RunMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        SimulationReport r = SimulationReport.of(run, "cityflow", m, 0, 0, 0, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.write(tmp))
                .isInstanceOf(CliInputException.class).hasMessageContaining("report path is a directory");
    }
}
