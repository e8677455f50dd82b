package org.citybrain.sim;

/**
 * What a virtual detector on one lane measured over an interval, the readings a real detector
 * gives and the platform ingests.
 *
 * @param road            the road id
 * @param lane            lane index on the road (0 innermost)
 * @param from            start of the interval, simulated seconds
 * @param seconds         length of the interval
 * @param count           vehicles that left the lane (crossed its stop line or ended their trip on it)
 * @param occupancy       mean fraction of the lane's length covered by vehicles, 0..1
 * @param meanSpeed       space-mean speed of the vehicles on the lane, m/s; NaN when it was empty
 * @param queue           vehicles slower than 0.1 m/s at the end of the interval
 * @param meanVehicles    mean number of vehicles on the lane
 * @param travelTimeIndex mean time departing vehicles spent on the lane ÷ its free-flow time
 *                        (length ÷ speed limit); NaN when none departed
 */
public record LaneReading(String road, int lane, double from, double seconds, int count, double occupancy,
                          double meanSpeed, int queue, double meanVehicles, double travelTimeIndex) {
}
