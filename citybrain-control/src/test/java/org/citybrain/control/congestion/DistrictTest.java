package org.citybrain.control.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;

import org.citybrain.sim.RoadReading;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;
import org.junit.jupiter.api.Test;

class DistrictTest {

    /** West (0,0) — centre (1000,0) — north (1000,1000); roads both ways west–centre, one centre→north with a bend. */
    static RoadNetwork network() {
        List<Lane> lanes = List.of(new Lane(3.5, 16.67), new Lane(3.5, 13.89));
        return RoadNetwork.builder("test")
                .add(new Intersection("west", new Point(0, 0), 0, true, List.of(), Optional.empty()), "west")
                .add(new Intersection("centre", new Point(1000, 0), 0, false, List.of(), Optional.empty()), "centre")
                .add(new Intersection("north", new Point(1000, 1000), 0, true, List.of(), Optional.empty()), "north")
                .add(new Road("in", "west", "centre", List.of(new Point(0, 0), new Point(1000, 0)), lanes), "in")
                .add(new Road("out", "centre", "west", List.of(new Point(1000, 0), new Point(0, 0)), lanes), "out")
                .add(new Road("up", "centre", "north",
                        List.of(new Point(1000, 0), new Point(1300, 400), new Point(1000, 1000)), lanes), "up")
                .build();
    }

    @Test
    void aPointIsInsideAConcavePolygonOnlyWhereThePolygonIs() {
        // a U open to the north: two prongs joined at the bottom
        Polygon u = new Polygon(List.of(new Point(0, 0), new Point(30, 0), new Point(30, 30), new Point(20, 30),
                new Point(20, 10), new Point(10, 10), new Point(10, 30), new Point(0, 30)));

        assertThat(u.contains(new Point(5, 20))).isTrue();
        assertThat(u.contains(new Point(25, 20))).isTrue();
        assertThat(u.contains(new Point(15, 5))).isTrue();
        assertThat(u.contains(new Point(15, 20))).as("in the notch").isFalse();
        assertThat(u.contains(new Point(-1, 5))).isFalse();
        assertThat(u.contains(new Point(15, 10))).as("a vertex row on the ray is counted once").isFalse();
    }

    @Test
    void twoPolygonsSharingAnEdgeNeverBothClaimAPointOnIt() {
        Polygon left = new Polygon(List.of(new Point(0, 0), new Point(10, 0), new Point(10, 10), new Point(0, 10)));
        Polygon right = new Polygon(List.of(new Point(10, 0), new Point(20, 0), new Point(20, 10), new Point(10, 10)));
        Point onEdge = new Point(10, 5);

        assertThat(left.contains(onEdge) ^ right.contains(onEdge)).isTrue();
    }

    @Test
    void aPolygonDistrictHoldsTheRoadsWhoseMidpointLiesInside() {
        Polygon southWest = new Polygon(List.of(new Point(-100, -100), new Point(600, -100), new Point(600, 100),
                new Point(-100, 100)));
        Polygon east = new Polygon(List.of(new Point(1100, 0), new Point(1500, 0), new Point(1500, 600),
                new Point(1100, 600)));

        assertThat(District.within("south-west", southWest, network()).roads()).containsExactlyInAnyOrder("in", "out");
        assertThat(District.within("east", east, network()).roads()).as("the bend's midpoint, not its ends")
                .containsExactly("up");
    }

    @Test
    void theMidpointLiesHalfwayAlongTheCentreLine() {
        Road up = network().road("up").orElseThrow(); // 500 m then 670.8 m
        Point mid = District.midpoint(up);

        double half = (500 + Math.hypot(300, 600)) / 2;
        double t = (half - 500) / Math.hypot(300, 600);
        assertThat(mid.x()).isCloseTo(1300 - 300 * t, within(1e-9));
        assertThat(mid.y()).isCloseTo(400 + 600 * t, within(1e-9));
    }

    @Test
    void aPolygonNeedsThreeVertices() {
        assertThatThrownBy(() -> new Polygon(List.of(new Point(0, 0), new Point(1, 1))))
                .hasMessageContaining("at least three");
        assertThatThrownBy(() -> District.ofRoads(" ", List.of("a"))).hasMessageContaining("name");
    }

    @Test
    void engineReadingsBecomeObservationsWithTheTwinsLengthAndTheDeparturesAsWeight() {
        RoadReading reading = new RoadReading("in", 300, 300, 42, 0.1, 9.5, 3, 6.2, 1.3);
        List<RoadObservation> obs = SimulationObservations.of(List.of(reading), network());

        assertThat(obs).containsExactly(new RoadObservation("in", 300, 300, 1000, 9.5, 42));
        assertThat(FreeFlowSpeeds.speedLimits(network()).of("in").getAsDouble()).as("the fastest lane")
                .isEqualTo(16.67);
        assertThatThrownBy(() -> SimulationObservations.of(
                List.of(new RoadReading("nowhere", 0, 300, 1, 0, 1, 0, 1, 1)), network()))
                .hasMessageContaining("'nowhere'");
    }
}
