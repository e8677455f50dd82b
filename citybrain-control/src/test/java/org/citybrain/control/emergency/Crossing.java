package org.citybrain.control.emergency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
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
 * A hand-made crossing: one-lane approaches from the west ({@code w_in}) and the south
 * ({@code s_in}) into {@code centre}, exits east, north and west, boundary nodes 300 m out. Road
 * links: 0 W→E straight, 1 S→N straight, 2 S→W left. Plan: phase 0 the yellow (no road link),
 * phase 1 {0}, phase 2 {1, 2}.
 */
final class Crossing {
    static final double ARM = 300;
    static final int YELLOW = 0;
    static final int WEST_EAST = 1;
    static final int SOUTH = 2;
    static final List<String> EMERGENCY_ROUTE = List.of("w_in", "e_out");

    private Crossing() {
    }

    static RoadNetwork network() {
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
        SignalPlan plan = new SignalPlan(List.of(new Phase(5, List.of()), new Phase(20, List.of(0)),
                new Phase(60, List.of(1, 2))));
        RoadNetwork.Builder b = RoadNetwork.builder("crossing");
        b.add(new Intersection("centre", new Point(0, 0), 10, false, links, Optional.of(plan)), "centre");
        b.add(boundary("west", -ARM, 0), "west");
        b.add(boundary("east", ARM, 0), "east");
        b.add(boundary("south", 0, -ARM), "south");
        b.add(boundary("north", 0, ARM), "north");
        roads.forEach(r -> b.add(r, r.id()));
        return b.build();
    }

    private static Intersection boundary(String id, double x, double y) {
        return new Intersection(id, new Point(x, y), 0, true, List.of(), Optional.empty());
    }

    /** Cross traffic from the south every 4 s for 10 minutes, half of it turning left. */
    static Scenario withCrossTraffic() {
        RoadNetwork net = network();
        Scenario.FlowsBuilder fb = Scenario.flows(net, "crossing");
        fb.add(new Flow("north", VehicleType.DEFAULT, List.of("s_in", "n_out"), 8, 0, 600), "flow 0");
        fb.add(new Flow("left", VehicleType.DEFAULT, List.of("s_in", "w_out"), 8, 4, 600), "flow 1");
        return fb.build();
    }

    /** The signal site of the centre. */
    static SignalSite centre() {
        RoadNetwork net = network();
        return new SignalSite(net, net.intersection("centre").orElseThrow());
    }

    /**
     * A base controller with a fixed cycle, the yellow between greens: south 60 s, yellow 5 s,
     * west–east 20 s, yellow 5 s.
     */
    static SignalController cycle() {
        return new SignalController() {
            @Override
            public String name() {
                return "cycle";
            }

            @Override
            public IntersectionController forIntersection(SignalSite site) {
                List<PhaseCommand> cycle = List.of(new PhaseCommand(SOUTH, 60), new PhaseCommand(YELLOW, 5),
                        new PhaseCommand(WEST_EAST, 20), new PhaseCommand(YELLOW, 5));
                int[] next = {0};
                return obs -> cycle.get(next[0]++ % cycle.size());
            }
        };
    }

    /** Wraps a controller and keeps the centre's decisions. */
    static final class Timeline implements SignalController {
        record Decision(double time, int phase, double seconds) {
        }

        private final SignalController inner;
        final List<Decision> decisions = new ArrayList<>();

        Timeline(SignalController inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public IntersectionController forIntersection(SignalSite site) {
            IntersectionController c = inner.forIntersection(site);
            return obs -> {
                PhaseCommand cmd = c.decide(obs);
                decisions.add(new Decision(obs.time(), cmd.phase(), cmd.seconds()));
                return cmd;
            };
        }

        /** The phase shown from each whole second to the next, up to {@code until}. */
        int[] perSecond(int until) {
            int[] shown = new int[until];
            for (int d = 0; d < decisions.size(); d++) {
                Decision dec = decisions.get(d);
                for (int t = (int) Math.ceil(dec.time()); t < Math.min(until, dec.time() + dec.seconds()); t++) {
                    shown[t] = dec.phase();
                }
            }
            return shown;
        }
    }
}
