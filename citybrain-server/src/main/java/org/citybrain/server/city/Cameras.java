package org.citybrain.server.city;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citybrain.sim.signal.IntersectionObservation;

/**
 * The city's virtual cameras, one per equipped signalised intersection: every {@code interval}
 * simulated seconds each sees the vehicles within {@link #RANGE} metres of the stop line of every
 * lane into its intersection, with their distance to the line and their speed, as a camera over
 * the approaches would (issue 3's "vehicles within 200 m of the stop line"). Nothing else: not
 * the vehicles beyond, not where they go.
 *
 * <p>A frame is taken from the intersection's {@link IntersectionObservation} while the engine
 * asks its signal ({@link FieldSignals.Listener#observed}), on the engine's thread, and published
 * after the step by {@link VirtualCity} as the camera device's {@code vehicles} reading: per lane in
 * the order of the camera entity's {@code lanes}, the vehicles nearest first, each
 * {@code [distance m, speed km/h]} to 0.1.
 */
final class Cameras {
    /** What a camera covers before the stop line, metres (issue 3). */
    static final double RANGE = 200;

    /** One frame of one intersection's camera: per incoming lane, its vehicles as [distance m, speed km/h]. */
    record Frame(String intersection, List<List<double[]>> lanes) {
    }

    private final double interval;
    private final Map<String, Integer> index;
    private final double[] due;
    private final double[] lastSeen;
    private final List<Frame> frames = new ArrayList<>(); // engine thread only

    /**
     * @param intersections the equipped signalised intersections, each with a camera
     * @param interval      simulated seconds between two frames of a camera
     */
    Cameras(List<String> intersections, double interval) {
        if (!(interval > 0)) {
            throw new IllegalArgumentException("a camera's interval must be > 0 s, got " + interval);
        }
        this.interval = interval;
        this.index = new java.util.HashMap<>();
        for (int i = 0; i < intersections.size(); i++) {
            index.put(intersections.get(i), i);
        }
        due = new double[intersections.size()];
        lastSeen = new double[intersections.size()];
        java.util.Arrays.fill(lastSeen, Double.NEGATIVE_INFINITY);
    }

    /** The engine asks the signal of {@code intersection}: a frame if its camera is due. */
    void observed(String intersection, IntersectionObservation obs) {
        Integer k = index.get(intersection);
        if (k == null) {
            return; // beyond max-signals: no camera
        }
        double now = obs.time();
        if (now < lastSeen[k]) {
            due[k] = 0; // a new run of the city (a loop)
        }
        lastSeen[k] = now;
        if (now < due[k] - 1e-9) {
            return;
        }
        due[k] = now + interval;
        List<List<double[]>> lanes = new ArrayList<>(obs.incomingLanes());
        for (int i = 0; i < obs.incomingLanes(); i++) {
            List<double[]> seen = new ArrayList<>();
            obs.approaching(i, RANGE, (distance, speed) -> seen.add(new double[] {round1(distance), round1(speed * 3.6)}));
            lanes.add(seen);
        }
        frames.add(new Frame(intersection, lanes));
    }

    /** The frames taken since the last call, oldest first; engine thread only. */
    List<Frame> drain() {
        if (frames.isEmpty()) {
            return List.of();
        }
        List<Frame> out = List.copyOf(frames);
        frames.clear();
        return out;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
