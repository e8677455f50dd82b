package org.citybrain.control.parking;

/**
 * One ranked car park and why it stands where it does.
 *
 * @param rank          1 = best
 * @param walkMetres    walking distance from the car park to the destination (straight line x detour factor)
 * @param walkMinutes   walking time at the configured speed
 * @param predictedFree free spaces expected on arrival
 * @param chanceOfSpace probability-like chance of at least one free space on arrival, in [0, 1]
 * @param score         expected minutes lost: walk + (1 - chance) x full penalty; lower is better
 * @param reason        the figures above in words
 */
public record Recommendation(int rank, CarPark carPark, double walkMetres, double walkMinutes, double predictedFree,
                             double chanceOfSpace, double score, String reason) {
}
