/**
 * Parking forecasts and guidance.
 *
 * <p>The way through: {@link ParkingCsv} reads occupancy readings, {@link ParkingCleaner} puts them
 * on a regular {@link SlotGrid} of half-hour slots and says in a {@link CleaningReport} what it had
 * to repair or drop, a {@link FreeSpaceForecaster} forecasts free spaces from a {@link History}
 * that ends at the forecast origin, {@link ForecastEvaluation} scores forecasters on a strict
 * temporal split, and {@link ParkingGuide} ranks car parks for a destination by walking distance
 * and the chance of finding a space on arrival. See {@code docs/parking.md}.
 */
package org.citybrain.control.parking;
