package org.citybrain.sim;

import java.util.Arrays;
import java.util.List;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Phase;
import org.citybrain.twin.RoadNetwork;

/**
 * The signals: which road links may go now ({@code green}, per global road link), each signalised
 * intersection's phase and its controller, asked whenever the previous decision's hold time has run
 * out (CityFlow's {@code passTime}). Unsignalised intersections are always green.
 */
final class Signals {
    private static final int NONE = Vehicles.NONE;
    private final CompiledNetwork net;
    private final Vehicles veh;
    private final LaneStats laneStats;
    final boolean[] green;
    private final int[] phase;
    private final double[] phaseRemaining;
    private final double[] phaseElapsed;
    private final boolean[][][] phaseGreen; // [intersection][phase][local road link]
    private final IntersectionController[] controllers;
    private final Observation observation = new Observation();
    private double time;

    Signals(RoadNetwork network, CompiledNetwork net, Vehicles veh, LaneStats laneStats, SignalController controller) {
        this.net = net;
        this.veh = veh;
        this.laneStats = laneStats;
        green = new boolean[net.roadLinks];
        phase = new int[net.intersections];
        phaseRemaining = new double[net.intersections];
        phaseElapsed = new double[net.intersections];
        phaseGreen = new boolean[net.intersections][][];
        controllers = new IntersectionController[net.intersections];
        List<Intersection> is = network.intersections();
        for (int i = 0; i < net.intersections; i++) {
            Intersection in = is.get(i);
            int from = net.interRoadLinkOff[i];
            int to = net.interRoadLinkOff[i + 1];
            if (in.signal().isEmpty() || from == to) {
                Arrays.fill(green, from, to, true);
                continue;
            }
            List<Phase> phases = in.signal().get().phases();
            phaseGreen[i] = new boolean[phases.size()][];
            for (int p = 0; p < phases.size(); p++) {
                phaseGreen[i][p] = net.phaseGreen(i, phases.get(p));
            }
            controllers[i] = controller.forIntersection(new SignalSite(network, in));
            askController(i);
        }
    }

    /**
     * Lets {@code dt} seconds pass; controllers whose hold ran out decide for the phase shown from
     * {@code now} on (their observation's time).
     */
    void advance(double now, double dt) {
        time = now;
        for (int i = 0; i < net.intersections; i++) {
            if (controllers[i] == null) {
                continue;
            }
            phaseRemaining[i] -= dt;
            phaseElapsed[i] += dt;
            while (phaseRemaining[i] <= 0) {
                askController(i);
            }
        }
    }

    void askController(int i) {
        observation.at = i;
        PhaseCommand cmd = controllers[i].decide(observation);
        boolean[][] pg = phaseGreen[i];
        if (cmd.phase() >= pg.length) {
            throw new IllegalStateException("controller chose phase " + cmd.phase() + " at intersection "
                    + net.source.intersections().get(i).id() + ", which has " + pg.length + " phases");
        }
        if (cmd.phase() != phase[i]) {
            phaseElapsed[i] = 0;
        }
        phase[i] = cmd.phase();
        phaseRemaining[i] += cmd.seconds();
        System.arraycopy(pg[cmd.phase()], 0, green, net.interRoadLinkOff[i], pg[cmd.phase()].length);
    }

    /** Whether road link {@code g} (global index) may go now. */
    boolean isGreen(int g) {
        return green[g];
    }

    int phaseOf(int intersection) {
        return phase[intersection];
    }

    private final class Observation implements IntersectionObservation {
        int at;

        private int lane(int i) {
            return net.interInLane[net.interInLaneOff[at] + i];
        }

        private int outLane(int o) {
            return net.interOutLane[net.interOutLaneOff[at] + o];
        }

        @Override
        public double time() {
            return time;
        }

        @Override
        public int currentPhase() {
            return phase[at];
        }

        @Override
        public double secondsInPhase() {
            return phaseElapsed[at];
        }

        @Override
        public int incomingLanes() {
            return net.interInLaneOff[at + 1] - net.interInLaneOff[at];
        }

        @Override
        public String incomingRoad(int i) {
            return net.source.roads().get(net.laneRoad[lane(i)]).id();
        }

        @Override
        public int incomingLaneIndex(int i) {
            return net.laneIndex[lane(i)];
        }

        @Override
        public int vehicles(int i) {
            return veh.count[lane(i)];
        }

        @Override
        public int queue(int i) {
            return queued(lane(i));
        }

        @Override
        public double meanSpeed(int i) {
            int l = lane(i);
            if (veh.count[l] == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int v = veh.head[l]; v != NONE; v = veh.next[v]) {
                sum += veh.speed[v];
            }
            return sum / veh.count[l];
        }

        @Override
        public int movingWithin(int i, double metres) {
            int l = lane(i);
            double from = net.length[l] - metres;
            int n = 0;
            for (int v = veh.head[l]; v != NONE && veh.dis[v] >= from; v = veh.next[v]) {
                if (veh.speed[v] > Vehicles.QUEUE_SPEED) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void approaching(int i, double metres, VehicleSeen seen) {
            int l = lane(i);
            for (int v = veh.head[l]; v != NONE && net.length[l] - veh.dis[v] <= metres; v = veh.next[v]) {
                seen.seen(net.length[l] - veh.dis[v], veh.speed[v]);
            }
        }

        @Override
        public long departures(int i) {
            return laneStats.totalDepartures[lane(i)];
        }

        @Override
        public int outgoingLanes() {
            return net.interOutLaneOff[at + 1] - net.interOutLaneOff[at];
        }

        @Override
        public int outgoingVehicles(int o) {
            return veh.count[outLane(o)];
        }

        @Override
        public int outgoingQueue(int o) {
            return queued(outLane(o));
        }

        private int queued(int l) {
            int q = 0;
            for (int v = veh.head[l]; v != NONE; v = veh.next[v]) {
                if (veh.speed[v] < Vehicles.QUEUE_SPEED) {
                    q++;
                }
            }
            return q;
        }
    }
}
