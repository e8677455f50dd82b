package org.citybrain.sim;

/**
 * Whole-network figures at one moment of a run.
 *
 * @param time              simulated seconds since the start
 * @param vehiclesGenerated vehicles whose scheduled departure has come (entered or still waiting to enter)
 * @param vehiclesEntered   vehicles that got onto the network
 * @param vehiclesFinished  vehicles that reached the end of their route
 * @param vehiclesRunning   vehicles on the network now ({@code entered - finished})
 * @param vehiclesWaiting   vehicles generated but still waiting outside because their first lane is full
 * @param averageTravelTime CityFlow's average travel time in seconds: over every generated vehicle,
 *                          timed from its scheduled departure, finished ones for their whole trip and
 *                          the others for the time so far
 * @param meanDelay         mean over finished vehicles of (travel time − free-flow travel time), seconds
 * @param throughputPerHour finished vehicles per simulated hour
 * @param vehicleUpdates    vehicle-steps computed so far (one vehicle moved for one step counts one)
 */
public record RunMetrics(double time, long vehiclesGenerated, long vehiclesEntered, long vehiclesFinished,
                         long vehiclesRunning, long vehiclesWaiting, double averageTravelTime, double meanDelay,
                         double throughputPerHour, long vehicleUpdates) {
}
