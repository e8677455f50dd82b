package org.citybrain.control.emergency;

/**
 * How {@link EmergencyPriority} pre-empts.
 *
 * @param lookaheadSeconds an intersection is pre-empted when the vehicle is this many seconds away
 *                         at its current speed ...
 * @param minDistance      ... or within this many metres of the stop line, whichever is farther, or
 *                         when the queue on its lane reaches back to it
 * @param minGreenSeconds  no green is cut shorter than this, not even for an emergency vehicle
 * @param yellowPhase      the plan's phase shown between two different greens (all movements red
 *                         but right turns)
 * @param yellowSeconds    how long that yellow lasts
 * @param recheckSeconds   how often every intersection looks again (the hold time it returns)
 */
public record EmergencyConfig(double lookaheadSeconds, double minDistance, double minGreenSeconds, int yellowPhase,
                              double yellowSeconds, double recheckSeconds) {

    /**
     * 25 s ahead but at least 150 m, 5 s minimum green, yellow phase 0 for 5 s (the benchmark
     * protocol's), a look every second.
     */
    public static final EmergencyConfig DEFAULTS = new EmergencyConfig(25, 150, 5, 0, 5, 1);

    public EmergencyConfig {
        positive("lookahead", lookaheadSeconds);
        positive("minimum distance", minDistance);
        positive("minimum green", minGreenSeconds);
        positive("yellow", yellowSeconds);
        positive("recheck interval", recheckSeconds);
        if (yellowPhase < 0) {
            throw new IllegalArgumentException("yellow phase must be >= 0, got " + yellowPhase);
        }
    }

    /** Metres ahead at which a vehicle at {@code speed} m/s triggers pre-emption. */
    public double preemptionDistance(double speed) {
        return Math.max(minDistance, lookaheadSeconds * speed);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 seconds or metres, got " + v);
        }
    }
}
