/**
 * The congestion index: travel-time index (actual ÷ free-flow travel time) per road, per district
 * and for the whole city, and its five congestion levels.
 *
 * <p>Input is one {@link org.citybrain.control.congestion.RoadObservation} per road and interval,
 * which the simulation ({@link org.citybrain.control.congestion.SimulationObservations}) and field
 * sensors produce alike. {@link org.citybrain.control.congestion.FreeFlowSpeeds} says what
 * free flow is on each road, configured or learned from quiet periods
 * ({@link org.citybrain.control.congestion.LearnedFreeFlowSpeeds});
 * {@link org.citybrain.control.congestion.CongestionIndex} keeps the latest state and gives
 * snapshots. Definitions and defaults: {@code docs/congestion.md}.
 */
package org.citybrain.control.congestion;
