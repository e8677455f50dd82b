package org.citybrain.sim;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules every state of a run must obey, checked after each step. Keeps what it needs of the
 * previous step to judge moves.
 */
final class Invariants {
    private static final double EPS = 1e-6;
    private final Engine e;
    private int[] lastDrivable = new int[0];
    private int[] lastPrev = new int[0];
    private double[] lastRemaining = new double[0];
    private double[] lastBrake = new double[0];
    private boolean[] lastGreen = new boolean[0];
    int redEntries;
    int linkEntries;

    Invariants(Engine e) {
        this.e = e;
        remember();
    }

    /** Asserts the invariants for the step just taken. */
    void check() {
        CompiledNetwork net = e.net;
        // no two vehicles overlap on a drivable, and the list is ordered front to back
        for (int d = 0; d < net.drivables; d++) {
            for (int v = e.veh.head[d]; v != Engine.NONE && e.veh.next[v] != Engine.NONE; v = e.veh.next[v]) {
                int back = e.veh.next[v];
                assertThat(e.veh.dis[v] - e.veh.len[v]).as("step %d drivable %d: vehicle %d overlaps the one ahead", e.step, d, back)
                        .isGreaterThanOrEqualTo(e.veh.dis[back] - EPS);
            }
        }
        RunMetrics m = e.metrics();
        assertThat(m.vehiclesEntered()).isEqualTo(m.vehiclesFinished() + m.vehiclesRunning());
        assertThat(m.vehiclesGenerated()).isEqualTo(m.vehiclesEntered() + m.vehiclesWaiting());
        int slots = e.vehicleSlots();
        for (int v = 0; v < slots; v++) {
            if (!e.isRunning(v)) {
                continue;
            }
            assertThat(e.veh.speed[v]).as("speed of vehicle %d", v).isBetween(0.0, e.veh.vMaxSpeed[v] + EPS);
            int d = e.veh.drivable[v];
            assertThat(e.veh.dis[v]).isBetween(0.0, net.length[d] + EPS);
            // a vehicle enters a lane link on red only when it could no longer stop before the stop line
            // (a lane change moves a vehicle to another lane without passing a link: prevDrivable stays)
            if (v < lastDrivable.length && lastDrivable[v] != Engine.NONE && !net.isLink(lastDrivable[v])
                    && d != lastDrivable[v]) {
                int link = net.isLink(d) ? d : e.veh.prevDrivable[v];
                boolean passedLink = net.isLink(d) || e.veh.prevDrivable[v] != lastPrev[v];
                if (passedLink && net.isLink(link)) {
                    linkEntries++;
                    int g = net.linkRoadLink[link - net.lanes];
                    if (!lastGreen[g]) {
                        redEntries++;
                        assertThat(lastBrake[v]).as("step %d: vehicle %d entered a red link although it could stop", e.step, v)
                                .isGreaterThan(lastRemaining[v]);
                    }
                }
            }
        }
        remember();
    }

    private void remember() {
        int slots = e.vehicleSlots();
        if (lastDrivable.length < slots) {
            lastDrivable = new int[e.veh.drivable.length];
            lastPrev = new int[e.veh.drivable.length];
            lastRemaining = new double[e.veh.drivable.length];
            lastBrake = new double[e.veh.drivable.length];
        }
        for (int v = 0; v < slots; v++) {
            lastDrivable[v] = e.isRunning(v) ? e.veh.drivable[v] : Engine.NONE;
            lastPrev[v] = e.veh.prevDrivable[v];
            if (e.isRunning(v)) {
                lastRemaining[v] = e.net.length[e.veh.drivable[v]] - e.veh.dis[v];
                lastBrake[v] = 0.5 * e.veh.speed[v] * e.veh.speed[v] / e.veh.maxNegAcc[v];
            }
        }
        if (lastGreen.length != e.net.roadLinks) {
            lastGreen = new boolean[e.net.roadLinks];
        }
        for (int g = 0; g < e.net.roadLinks; g++) {
            lastGreen[g] = e.isGreen(g);
        }
    }
}
