package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmergencyCommandIT {
    private static final String ROADNET = ProjectHome.scenario("hangzhou_4x4/roadnet_4_4.json");
    private static final String FLOW = ProjectHome.scenario("hangzhou_4x4/anon_4_4_hangzhou_real.json");

    @TempDir
    Path tmp;

    @Test
    void printsTheTableAndWritesTheReportOnHangzhou() throws Exception {
        Path report = tmp.resolve("out/emergency.json");
        CliRun r = CliRun.run("emergency", "--roadnet", ROADNET, "--flow", FLOW, "--controller", "plan",
                "--depart", "300", "--steps", "1200", "--report", report.toString());
        System.out.print(r.out());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("emergency vehicle road_0_1_0 -> road_4_1_0 (5 roads, 4.0 km), setting off at 300 s")
                .contains("EV without").contains("extra delay").containsPattern("\\nplan +\\d");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json).hasSize(1);
        JsonNode plan = json.get(0);
        assertThat(plan.get("controller").asText()).isEqualTo("plan");
        assertThat(plan.get("route")).hasSize(5);
        assertThat(plan.get("with").get("controller").asText()).isEqualTo("plan+emergency");
        assertThat(plan.get("with").get("finished").asBoolean()).isTrue();
        assertThat(plan.get("with").get("travelTime").asDouble()).isLessThan(plan.get("without").get("travelTime").asDouble());
    }
}
