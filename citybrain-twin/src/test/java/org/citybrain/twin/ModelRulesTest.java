package org.citybrain.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class ModelRulesTest {
    private static final Lane LANE = new Lane(3.5, 13.9);

    @Test
    void aPlanWhosePhasesAllLastZeroSecondsIsRejected() {
        assertThatThrownBy(() -> new SignalPlan(List.of(new Phase(0, List.of()), new Phase(0, List.of(0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 0 s");
        assertThat(new SignalPlan(List.of(new Phase(0, List.of()), new Phase(30, List.of(0)))).cycleSeconds()).isEqualTo(30);
    }

    @Test
    void aVirtualIntersectionHasNeitherRoadLinksNorASignal() {
        RoadLink link = new RoadLink(Turn.STRAIGHT, "a", "b", List.of(new LaneLink(0, 0, List.of())));
        assertThatThrownBy(() -> new Intersection("edge", new Point(0, 0), 0, true, List.of(link), Optional.empty()))
                .hasMessageContaining("network boundary");
        SignalPlan plan = new SignalPlan(List.of(new Phase(30, List.of())));
        assertThatThrownBy(() -> new Intersection("edge", new Point(0, 0), 0, true, List.of(), Optional.of(plan)))
                .hasMessageContaining("network boundary");
    }

    @Test
    void aRoadIsAsLongAsItsGeometryUnlessItDeclaresALength() {
        List<Point> line = List.of(new Point(0, 0), new Point(300, 400));
        assertThat(new Road("r", "a", "b", line, List.of(LANE)).length()).isEqualTo(500.0);
        assertThat(new Road("r", "a", "b", line, List.of(LANE), OptionalDouble.of(620)).length()).isEqualTo(620.0);
        assertThatThrownBy(() -> new Road("r", "a", "b", line, List.of(LANE), OptionalDouble.of(-1)))
                .hasMessageContaining("positive");
    }

    @Test
    void aNetworkNamesTheElementThatRefersToSomethingMissing() {
        RoadNetwork.Builder b = RoadNetwork.builder("net.json")
                .add(new Intersection("a", new Point(0, 0), 0, true, List.of(), Optional.empty()), "$.intersections[0]")
                .add(new Road("r", "a", "nowhere", List.of(new Point(0, 0), new Point(1, 0)), List.of(LANE)), "$.roads[0]");
        assertThatThrownBy(b::build).isInstanceOf(TwinFormatException.class)
                .hasMessage("net.json: $.roads[0]: road 'r' ends at unknown intersection 'nowhere'");
    }
}
