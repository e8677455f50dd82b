package org.citybrain.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.citybrain.twin.VehicleType;

/**
 * Small hand-made networks: a crossing at the origin with one-lane approaches from the west and
 * the south, exits to the east, north and west, and boundary intersections 300 m out.
 */
final class TestNetworks {
    static final double ARM = 300;

    private TestNetworks() {
    }

    /** @param plan the centre's signal plan over road links [W→E straight, S→N straight, S→W left], or empty */
    static RoadNetwork crossing(Optional<SignalPlan> plan) {
        Lane lane = new Lane(4, 11.111);
        List<Road> roads = List.of(
                new Road("w_in", "west", "centre", List.of(new Point(-ARM, 0), new Point(0, 0)), List.of(lane)),
                new Road("e_out", "centre", "east", List.of(new Point(0, 0), new Point(ARM, 0)), List.of(lane)),
                new Road("s_in", "south", "centre", List.of(new Point(0, -ARM), new Point(0, 0)), List.of(lane)),
                new Road("n_out", "centre", "north", List.of(new Point(0, 0), new Point(0, ARM)), List.of(lane)),
                new Road("w_out", "centre", "west", List.of(new Point(0, 0), new Point(-ARM, 0)), List.of(lane)));
        List<RoadLink> links = List.of(
                new RoadLink(Turn.STRAIGHT, "w_in", "e_out", List.of(new LaneLink(0, 0, List.of()))),
                new RoadLink(Turn.STRAIGHT, "s_in", "n_out", List.of(new LaneLink(0, 0, List.of()))),
                new RoadLink(Turn.LEFT, "s_in", "w_out", List.of(new LaneLink(0, 0, List.of()))));
        RoadNetwork.Builder b = RoadNetwork.builder("test");
        b.add(new Intersection("centre", new Point(0, 0), 10, false, links, plan), "centre");
        for (String[] edge : new String[][] {{"west", "-1", "0"}, {"east", "1", "0"}, {"south", "0", "-1"}, {"north", "0", "1"}}) {
            b.add(new Intersection(edge[0], new Point(ARM * Double.parseDouble(edge[1]), ARM * Double.parseDouble(edge[2])), 0,
                    true, List.of(), Optional.empty()), edge[0]);
        }
        roads.forEach(r -> b.add(r, r.id()));
        return b.build();
    }

    static SignalPlan twoPhases(double seconds) {
        return new SignalPlan(List.of(new Phase(seconds, List.of(0)), new Phase(seconds, List.of(1, 2))));
    }

    static Flow once(String id, double time, String... route) {
        return new Flow(id, VehicleType.DEFAULT, List.of(route), 1, time, time);
    }

    static Flow every(String id, double interval, double from, double to, String... route) {
        return new Flow(id, VehicleType.DEFAULT, List.of(route), interval, from, to);
    }

    static Scenario scenario(RoadNetwork net, Flow... flows) {
        Scenario.FlowsBuilder fb = Scenario.flows(net, "test");
        List<Flow> list = new ArrayList<>(List.of(flows));
        for (int i = 0; i < list.size(); i++) {
            fb.add(list.get(i), "flow " + i);
        }
        return fb.build();
    }
}
