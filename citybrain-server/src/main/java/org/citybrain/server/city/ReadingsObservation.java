package org.citybrain.server.city;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * What the platform knows of one intersection from the readings the hub received, in the form
 * the controllers of citybrain-control read: per lane the latest {@code queueLength} and the
 * vehicles implied by its {@code occupancy}; no camera, so nothing about single vehicles. Lanes
 * are indexed as the intersection's {@code SignalSite} lists them.
 */
final class ReadingsObservation implements IntersectionObservation {
    /** Metres of lane per vehicle, to turn an occupancy into vehicles. */
    static final double SPACE_PER_VEHICLE = 7.5;

    final String[] incomingRoads;
    final int[] incomingLanes;
    final int[] queue;
    final int[] vehicles;
    final double[] meanSpeed;
    final int[] outgoingQueue;
    final int[] outgoingVehicles;
    double time;
    int phase;

    ReadingsObservation(String[] incomingRoads, int[] incomingLanes, int outgoing) {
        this.incomingRoads = incomingRoads;
        this.incomingLanes = incomingLanes;
        int n = incomingRoads.length;
        queue = new int[n];
        vehicles = new int[n];
        meanSpeed = new double[n];
        outgoingQueue = new int[outgoing];
        outgoingVehicles = new int[outgoing];
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
        return incomingRoads.length;
    }

    @Override
    public String incomingRoad(int i) {
        return incomingRoads[i];
    }

    @Override
    public int incomingLaneIndex(int i) {
        return incomingLanes[i];
    }

    @Override
    public int vehicles(int i) {
        return vehicles[i];
    }

    @Override
    public int queue(int i) {
        return queue[i];
    }

    @Override
    public double meanSpeed(int i) {
        return meanSpeed[i];
    }

    /** No camera: the platform does not see single vehicles. */
    @Override
    public int movingWithin(int i, double metres) {
        return 0;
    }

    /** No camera: the platform does not see single vehicles. */
    @Override
    public void approaching(int i, double metres, VehicleSeen seen) {
    }

    @Override
    public long departures(int i) {
        return 0;
    }

    @Override
    public int outgoingLanes() {
        return outgoingQueue.length;
    }

    @Override
    public int outgoingVehicles(int o) {
        return outgoingVehicles[o];
    }

    @Override
    public int outgoingQueue(int o) {
        return outgoingQueue[o];
    }
}
