package org.citybrain.control.congestion;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Which intervals count as quiet, so that the speeds seen in them can teach
 * {@link LearnedFreeFlowSpeeds} what free flow is on each road.
 */
public sealed interface QuietPeriods {

    /**
     * Intervals that start at a local time of day within [{@code start}, {@code end}); when
     * {@code end} is before {@code start} the span crosses midnight. For timestamped live data:
     * {@link RoadObservation#from()} is read as seconds since the Unix epoch.
     */
    record ClockHours(ZoneId zone, LocalTime start, LocalTime end) implements QuietPeriods {
        public ClockHours {
            if (zone == null || start == null || end == null) {
                throw new IllegalArgumentException("quiet clock hours need a zone, a start and an end");
            }
            if (start.equals(end)) {
                throw new IllegalArgumentException("quiet clock hours must not be empty: start and end are both " + start);
            }
        }

        boolean contains(double epochSeconds) {
            long secondOfDay = Instant.ofEpochSecond((long) Math.floor(epochSeconds))
                    .atZone(zone).toLocalTime().toSecondOfDay();
            int s = start.toSecondOfDay();
            int e = end.toSecondOfDay();
            return s < e ? secondOfDay >= s && secondOfDay < e : secondOfDay >= s || secondOfDay < e;
        }
    }

    /**
     * Intervals whose network volume (the sum of {@link RoadObservation#vehicles()} over the
     * interval's observations) is at most the {@code fraction} quantile of the volumes of the last
     * {@code window} intervals, this one included. Needs no clock, so it suits simulation runs and
     * data with unknown time zones; early on it judges by the few intervals seen (the first one is
     * always quiet), and it forgets intervals older than the window.
     *
     * @param fraction share of intervals that count as quiet, in (0, 1)
     * @param window   how many recent intervals the quantile is taken over, &ge; 1
     */
    record LowestVolume(double fraction, int window) implements QuietPeriods {
        public LowestVolume {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("quiet volume fraction must lie strictly between 0 and 1, got " + fraction);
            }
            if (window < 1) {
                throw new IllegalArgumentException("quiet volume window must hold at least one interval, got " + window);
            }
        }
    }

    /** 01:00 to 05:00 local time in {@code zone}. */
    static ClockHours nightHours(ZoneId zone) {
        return new ClockHours(zone, LocalTime.of(1, 0), LocalTime.of(5, 0));
    }

    /** The quietest quarter of the last week of 5-minute intervals (2,016 of them). */
    static LowestVolume lowestVolume() {
        return new LowestVolume(0.25, 2016);
    }
}
