package org.citybrain.control.signal;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * An observation made of plain arrays with a settable clock, for tests that drive one
 * intersection's controller without an engine.
 */
public final class FakeObservation implements IntersectionObservation {
    public double time;
    public int phase;
    public final int[] queue;
    final int[] outQueue;
    final int[] outVehicles;
    /** Per incoming lane: distances to the stop line of the vehicles seen, nearest first, and their speeds. */
    final double[][] distances;
    final double[][] speeds;

    public FakeObservation(int incoming, int outgoing) {
        queue = new int[incoming];
        outQueue = new int[outgoing];
        outVehicles = new int[outgoing];
        distances = new double[incoming][0];
        speeds = new double[incoming][0];
    }

    /** A standing queue of {@code n} vehicles at the stop line of lane {@code i}, 7.5 m apart. */
    FakeObservation queue(int i, int n) {
        queue[i] = n;
        distances[i] = new double[n];
        speeds[i] = new double[n];
        for (int k = 0; k < n; k++) {
            distances[i][k] = k * 7.5;
        }
        return this;
    }

    @Override
    public double time() {
        return time;
    }

    @Override
    public int currentPhase() {
        return phase;
    }

    @Override
    public double secondsInPhase() {
        return 0;
    }

    @Override
    public int incomingLanes() {
        return queue.length;
    }

    @Override
    public String incomingRoad(int i) {
        return "";
    }

    @Override
    public int incomingLaneIndex(int i) {
        return 0;
    }

    @Override
    public int vehicles(int i) {
        return distances[i].length;
    }

    @Override
    public int queue(int i) {
        return queue[i];
    }

    @Override
    public double meanSpeed(int i) {
        return Double.NaN;
    }

    @Override
    public int movingWithin(int i, double metres) {
        int n = 0;
        for (int k = 0; k < distances[i].length; k++) {
            if (distances[i][k] <= metres && speeds[i][k] > 0.1) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void approaching(int i, double metres, VehicleSeen seen) {
        for (int k = 0; k < distances[i].length && distances[i][k] <= metres; k++) {
            seen.seen(distances[i][k], speeds[i][k]);
        }
    }

    @Override
    public long departures(int i) {
        return 0;
    }

    @Override
    public int outgoingLanes() {
        return outQueue.length;
    }

    @Override
    public int outgoingVehicles(int o) {
        return outVehicles[o];
    }

    @Override
    public int outgoingQueue(int o) {
        return outQueue[o];
    }
}
