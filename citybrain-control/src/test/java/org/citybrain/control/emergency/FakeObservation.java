package org.citybrain.control.emergency;

import org.citybrain.sim.signal.IntersectionObservation;

/** An observation with a settable clock and queues, for driving one intersection's controller by hand. */
final class FakeObservation implements IntersectionObservation {
    double time;
    int phase;
    final int[] queue;

    FakeObservation(int incomingLanes) {
        queue = new int[incomingLanes];
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
        throw new UnsupportedOperationException();
    }

    @Override
    public int incomingLaneIndex(int i) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int vehicles(int i) {
        return queue[i];
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
        return 0;
    }

    @Override
    public void approaching(int i, double metres, VehicleSeen seen) {
    }

    @Override
    public long departures(int i) {
        return 0;
    }

    @Override
    public int outgoingLanes() {
        return 0;
    }

    @Override
    public int outgoingVehicles(int o) {
        return 0;
    }

    @Override
    public int outgoingQueue(int o) {
        return 0;
    }
}
