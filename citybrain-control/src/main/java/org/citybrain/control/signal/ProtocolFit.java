package org.citybrain.control.signal;

import java.util.ArrayList;
import java.util.List;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Phase;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Turn;

/**
 * Whether a network's signal plans fit a {@link ControlProtocol}: its yellow phase must let no
 * movement go but right turns (right turns always go), and every phase the controllers choose from
 * must serve some movement other than right turns. Networks made for the benchmark (CityFlow's)
 * fit; others, such as SUMO plans whose phase 0 is a green and whose short clearance phases serve
 * right turns only, do not; the controllers there follow the protocol with the plan's own phases
 * ({@link ControlProtocol#at}).
 */
public final class ProtocolFit {
    private static final int EXAMPLES = 3;

    private ProtocolFit() {
    }

    /** One way the plans do not fit, with how many intersections show it and a few of them. */
    public record Misfit(String problem, int intersections, List<String> examples) {
        @Override
        public String toString() {
            return problem + " at " + intersections + " intersection" + (intersections == 1 ? "" : "s") + " (e.g. "
                    + String.join(", ", examples) + ")";
        }
    }

    /** The ways {@code network}'s plans do not fit {@code protocol}; empty when they fit. */
    public static List<Misfit> check(RoadNetwork network, ControlProtocol protocol) {
        List<String> greenYellow = new ArrayList<>();
        List<String> rightOnly = new ArrayList<>();
        for (Intersection at : network.intersections()) {
            if (at.virtual() || at.signal().isEmpty()) {
                continue;
            }
            List<Phase> phases = at.signal().get().phases();
            int yellow = protocol.yellowPhase();
            if (yellow < phases.size() && servesMoreThanRightTurns(at, phases.get(yellow))) {
                greenYellow.add(at.id());
            }
            for (int choice : protocol.choicesFor(phases.size())) {
                if (choice != yellow && choice < phases.size() && !servesMoreThanRightTurns(at, phases.get(choice))) {
                    rightOnly.add(at.id() + " phase " + choice);
                }
            }
        }
        List<Misfit> misfits = new ArrayList<>();
        if (!greenYellow.isEmpty()) {
            misfits.add(misfit("the yellow phase " + protocol.yellowPhase() + " lets through or left turns go",
                    greenYellow));
        }
        if (!rightOnly.isEmpty()) {
            misfits.add(misfit("a phase to choose from serves right turns only", rightOnly));
        }
        return misfits;
    }

    private static boolean servesMoreThanRightTurns(Intersection at, Phase phase) {
        for (int link : phase.roadLinks()) {
            if (link < at.roadLinks().size() && at.roadLinks().get(link).turn() != Turn.RIGHT) {
                return true;
            }
        }
        return false;
    }

    private static Misfit misfit(String problem, List<String> where) {
        long intersections = where.stream().map(w -> w.split(" ")[0]).distinct().count();
        return new Misfit(problem, (int) intersections, where.subList(0, Math.min(EXAMPLES, where.size())));
    }
}
