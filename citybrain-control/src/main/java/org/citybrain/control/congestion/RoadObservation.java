package org.citybrain.control.congestion;

/**
 * What was seen on one road over one interval: the input of the congestion index, produced alike
 * by the simulation ({@link SimulationObservations}) and by field sensors (loop detectors give
 * counts and spot speeds, floating cars give speeds, cameras both).
 *
 * @param road         road id, as in the twin
 * @param from         start of the interval in seconds: simulated seconds for the engine, seconds
 *                     since the Unix epoch (UTC) for live data; {@link QuietPeriods.ClockHours}
 *                     reads it as the latter
 * @param seconds      length of the interval, &gt; 0
 * @param lengthMetres length of the road, &gt; 0
 * @param meanSpeed    space-mean speed of the vehicles on the road (distance travelled ÷ time
 *                     spent), m/s, &ge; 0; NaN when no vehicle was seen
 * @param vehicles     the weight w: vehicles that travelled the road in the interval (a count at
 *                     the road's end, as a detector at the stop line gives it), &ge; 0; w times the
 *                     length is the interval's vehicle-metres
 */
public record RoadObservation(String road, double from, double seconds, double lengthMetres, double meanSpeed,
                              double vehicles) {
    public RoadObservation {
        if (road == null || road.isBlank()) {
            throw new IllegalArgumentException("observation road id must not be empty");
        }
        if (!Double.isFinite(from)) {
            throw new IllegalArgumentException("observation of road '" + road + "': from must be finite, got " + from);
        }
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("observation of road '" + road
                    + "': seconds must be a positive number, got " + seconds);
        }
        if (!(lengthMetres > 0) || !Double.isFinite(lengthMetres)) {
            throw new IllegalArgumentException("observation of road '" + road
                    + "': lengthMetres must be a positive number, got " + lengthMetres);
        }
        if (!Double.isNaN(meanSpeed) && !(meanSpeed >= 0 && Double.isFinite(meanSpeed))) {
            throw new IllegalArgumentException("observation of road '" + road
                    + "': meanSpeed must be NaN (none seen) or a speed >= 0 m/s, got " + meanSpeed);
        }
        if (!(vehicles >= 0) || !Double.isFinite(vehicles)) {
            throw new IllegalArgumentException("observation of road '" + road
                    + "': vehicles must be a count >= 0, got " + vehicles);
        }
    }

    /** End of the interval, seconds on the same clock as {@link #from()}. */
    public double to() {
        return from + seconds;
    }

    /** Whether a speed was seen and vehicles travelled the road: only then does it weigh in an area's index. */
    public boolean hasTraffic() {
        return !Double.isNaN(meanSpeed) && vehicles > 0;
    }
}
