package org.citybrain.control.congestion;

/**
 * The travel-time index of one road over one interval.
 *
 * @param index         free-flow speed ÷ effective speed = actual ÷ free-flow travel time, in
 *                      [1, maxIndex]: speeds above free flow count as free flow, speeds below
 *                      free flow ÷ maxIndex (standing traffic) as that floor
 * @param meanSpeed     the observed space-mean speed, m/s
 * @param freeFlowSpeed m/s
 * @param vehicles      the observation's weight w
 */
public record RoadIndex(String road, double from, double seconds, double index, CongestionLevel level,
                        double meanSpeed, double freeFlowSpeed, double vehicles, double lengthMetres) {
}
