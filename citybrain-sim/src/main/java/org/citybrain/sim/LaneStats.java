package org.citybrain.sim;

import java.util.Arrays;

/**
 * Per-lane accumulators of what a detector on each lane would report, over the interval since the
 * last {@link #reset()}: vehicle-steps, speed sums, occupied length, queue, departures and the time
 * departing vehicles spent on the lane. Updated once per step by the engine.
 */
final class LaneStats {
    final double[] vehicleSteps;
    final double[] speedSum;
    final double[] occupancySum; // sum over steps of occupied length / lane length
    final int[] queue; // vehicles slower than 0.1 m/s at the last step
    final int[] departures;
    final double[] timeOnLaneSum; // of departed vehicles
    final long[] totalDepartures; // since the start, never reset
    long samples;

    LaneStats(int lanes) {
        vehicleSteps = new double[lanes];
        speedSum = new double[lanes];
        occupancySum = new double[lanes];
        queue = new int[lanes];
        departures = new int[lanes];
        timeOnLaneSum = new double[lanes];
        totalDepartures = new long[lanes];
    }

    void leave(int lane, double timeOnLane, CompiledNetwork net) {
        if (lane < net.lanes) {
            departures[lane]++;
            totalDepartures[lane]++;
            timeOnLaneSum[lane] += timeOnLane;
        }
    }

    void reset() {
        Arrays.fill(vehicleSteps, 0);
        Arrays.fill(speedSum, 0);
        Arrays.fill(occupancySum, 0);
        Arrays.fill(departures, 0);
        Arrays.fill(timeOnLaneSum, 0);
        samples = 0;
    }
}
