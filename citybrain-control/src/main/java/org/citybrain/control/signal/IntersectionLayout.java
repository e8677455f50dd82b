package org.citybrain.control.signal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.Turn;

/**
 * What a controller knows of its intersection before any vehicle comes: its movements (road links)
 * with the observed lanes they start from and end on, and, per phase, the movements it lets go.
 * Lane numbers are the observation's indices ({@link SignalSite#incoming()}, {@link SignalSite#outgoing()}).
 */
public final class IntersectionLayout {

    /**
     * One movement through the intersection.
     *
     * @param entering observation indices of the incoming lanes it starts from
     * @param exit     observation indices of the outgoing lanes of its exit road, all of them
     */
    public record Movement(Turn turn, String startRoad, String endRoad, int[] entering, int[] exit) {
        public boolean isRightTurn() {
            return turn == Turn.RIGHT;
        }
    }

    private final SignalSite site;
    private final List<Movement> movements;
    private final int[][] phaseMovements; // non-right-turn movements each phase lets go
    private final double[] phaseSeconds;

    private IntersectionLayout(SignalSite site, List<Movement> movements, int[][] phaseMovements, double[] phaseSeconds) {
        this.site = site;
        this.movements = movements;
        this.phaseMovements = phaseMovements;
        this.phaseSeconds = phaseSeconds;
    }

    public static IntersectionLayout of(SignalSite site) {
        List<Movement> ms = new ArrayList<>();
        for (RoadLink link : site.intersection().roadLinks()) {
            List<Integer> entering = new ArrayList<>();
            for (LaneLink ll : link.laneLinks()) {
                int i = site.incomingIndex(link.startRoad(), ll.startLane());
                if (i >= 0 && !entering.contains(i)) {
                    entering.add(i);
                }
            }
            List<Integer> exit = new ArrayList<>();
            for (int o = 0; o < site.outgoing().size(); o++) {
                if (site.outgoing().get(o).road().equals(link.endRoad())) {
                    exit.add(o);
                }
            }
            ms.add(new Movement(link.turn(), link.startRoad(), link.endRoad(), toArray(entering), toArray(exit)));
        }
        List<Phase> phases = site.intersection().signal().map(p -> p.phases()).orElse(List.of());
        int[][] pm = new int[phases.size()][];
        double[] seconds = new double[phases.size()];
        for (int p = 0; p < phases.size(); p++) {
            List<Integer> list = new ArrayList<>();
            for (int k : phases.get(p).roadLinks()) {
                if (!ms.get(k).isRightTurn()) {
                    list.add(k);
                }
            }
            pm[p] = toArray(list);
            seconds[p] = phases.get(p).seconds();
        }
        return new IntersectionLayout(site, List.copyOf(ms), pm, seconds);
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    public SignalSite site() {
        return site;
    }

    public List<Movement> movements() {
        return movements;
    }

    public int phases() {
        return phaseMovements.length;
    }

    /** The non-right-turn movements phase {@code p} lets go (right turns go in every phase). */
    public int[] movementsOf(int p) {
        return phaseMovements[p];
    }

    /** The phase's time in the roadnet's own plan. */
    public double planSeconds(int p) {
        return phaseSeconds[p];
    }

    /** Incoming lanes (observation indices) of the non-right-turn movements of phase {@code p}, each once. */
    public int[] enteringLanesOf(int p) {
        List<Integer> lanes = new ArrayList<>();
        for (int m : phaseMovements[p]) {
            for (int i : movements.get(m).entering()) {
                if (!lanes.contains(i)) {
                    lanes.add(i);
                }
            }
        }
        return toArray(lanes);
    }
}
