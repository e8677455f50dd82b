package org.citybrain.server.city;

import org.citybrain.sim.signal.IntersectionObservation;

/**
 * What the platform knows of one intersection from the readings the hub received, in the form
 * the controllers of citybrain-control read: per lane the latest {@code queueLength} and the
 * vehicles implied by its {@code occupancy} (lane detectors), and, once a camera frame is set
 * ({@link #camera}), each vehicle within the camera's range with its distance and speed. Without
 * a frame nothing is known of single vehicles. Lanes are indexed as the intersection's
 * {@code SignalSite} lists them.
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
    /** Per incoming lane: the camera's vehicles, nearest first, distance in m and speed in m/s; {@link #seen} of them. */
    double[][] seenDistance;
    double[][] seenSpeed;
    final int[] seen;
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
        seen = new int[n];
        seenDistance = new double[n][8];
        seenSpeed = new double[n][8];
    }

    /** Forgets the camera's last frame. */
    void clearCamera() {
        java.util.Arrays.fill(seen, 0);
    }

    /** One vehicle the camera saw on incoming lane {@code i}, after those nearer the stop line. */
    void camera(int i, double distance, double speed) {
        int k = seen[i];
        if (k == seenDistance[i].length) {
            seenDistance[i] = java.util.Arrays.copyOf(seenDistance[i], 2 * k);
            seenSpeed[i] = java.util.Arrays.copyOf(seenSpeed[i], 2 * k);
        }
        seenDistance[i][k] = distance;
        seenSpeed[i][k] = speed;
        seen[i] = k + 1;
    }

    /** Vehicles slower than {@code speed} m/s the camera saw on incoming lane {@code i}. */
    int seenSlowerThan(int i, double speed) {
        int n = 0;
        for (int k = 0; k < seen[i]; k++) {
            if (seenSpeed[i][k] <= speed) {
                n++;
            }
        }
        return n;
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

    /** From the camera's frame; 0 without one. */
    @Override
    public int movingWithin(int i, double metres) {
        int n = 0;
        for (int k = 0; k < seen[i] && seenDistance[i][k] <= metres; k++) {
            if (seenSpeed[i][k] > 0.1) {
                n++;
            }
        }
        return n;
    }

    /** From the camera's frame, so no farther than its range; nothing without one. */
    @Override
    public void approaching(int i, double metres, VehicleSeen vehicle) {
        for (int k = 0; k < seen[i] && seenDistance[i][k] <= metres; k++) {
            vehicle.seen(seenDistance[i][k], seenSpeed[i][k]);
        }
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
