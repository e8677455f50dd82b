package org.citybrain.control.congestion;

import java.util.Map;

/**
 * District and city indices over all observations of a period, e.g. the morning peak.
 *
 * @param from start of the earliest observation, NaN when there was none
 * @param to   end of the latest observation, NaN when there was none
 */
public record PeriodIndex(double from, double to, Map<String, AreaIndex> districts, AreaIndex city) {
}
