package org.citybrain.control.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.format.ScenarioFormat;
import org.junit.jupiter.api.Test;

class ProtocolFitTest {
    private static final Path SCENARIOS = Path.of("../scenarios");

    private static RoadNetwork network(String roadnet, String flow) {
        return ScenarioFormat.load(SCENARIOS.resolve(roadnet), SCENARIOS.resolve(flow), Optional.empty()).network();
    }

    @Test
    void theBenchmarksOwnNetworkFitsTheProtocol() {
        RoadNetwork hangzhou = network("hangzhou_4x4/roadnet_4_4.json", "hangzhou_4x4/anon_4_4_hangzhou_real.json");
        assertThat(ProtocolFit.check(hangzhou, ControlProtocol.BENCHMARK)).isEmpty();
    }

    @Test
    void sumoPlansWithAGreenPhaseZeroAndRightTurnOnlyPhasesDoNotFit() {
        RoadNetwork sumo = network("hangzhou_4x4_sumo/hangzhou_4x4_gudang_18041610_1h.net.xml",
                "hangzhou_4x4_sumo/hangzhou_4x4_gudang_18041610_1h.rou.xml");
        List<ProtocolFit.Misfit> misfits = ProtocolFit.check(sumo, ControlProtocol.BENCHMARK);
        assertThat(misfits).extracting(ProtocolFit.Misfit::problem).containsExactlyInAnyOrder(
                "the yellow phase 0 lets through or left turns go", "a phase to choose from serves right turns only");
        assertThat(misfits).allSatisfy(m -> assertThat(m.intersections()).isPositive());
        assertThat(misfits.get(0).toString()).contains("intersection", "e.g.");
    }
}
