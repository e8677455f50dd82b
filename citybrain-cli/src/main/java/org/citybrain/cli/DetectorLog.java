package org.citybrain.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.sim.LaneReading;
import org.citybrain.sim.RoadReading;
import org.citybrain.sim.Simulation;

/**
 * Writes the virtual detectors' readings as CSV, one row per lane and one per road (empty lane
 * column) for each interval. Empty figures (no vehicle, no departure) are empty cells.
 */
final class DetectorLog implements AutoCloseable {
    static final String HEADER = "from,seconds,road,lane,count,occupancy,meanSpeed,queue,meanVehicles,travelTimeIndex";
    private final BufferedWriter out;

    private DetectorLog(BufferedWriter out) {
        this.out = out;
    }

    static DetectorLog open(Optional<Path> path) {
        if (path.isEmpty()) {
            return new DetectorLog(null);
        }
        try {
            Path p = path.get().toAbsolutePath();
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.newLine();
            return new DetectorLog(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detector readings to " + path.get() + ": " + e.getMessage(), e);
        }
    }

    /** Reads the detectors (starting a new interval) and writes the rows; nothing without a file. */
    void write(Simulation sim) {
        if (out == null) {
            return;
        }
        List<LaneReading> lanes = sim.readDetectors();
        try {
            for (LaneReading r : lanes) {
                row(r.from(), r.seconds(), r.road(), Integer.toString(r.lane()), r.count(), r.occupancy(), r.meanSpeed(),
                        r.queue(), r.meanVehicles(), r.travelTimeIndex());
            }
            for (RoadReading r : RoadReading.of(lanes)) {
                row(r.from(), r.seconds(), r.road(), "", r.count(), r.occupancy(), r.meanSpeed(), r.queue(),
                        r.meanVehicles(), r.travelTimeIndex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detector readings: " + e.getMessage(), e);
        }
    }

    private void row(double from, double seconds, String road, String lane, int count, double occupancy,
                     double meanSpeed, int queue, double meanVehicles, double tti) throws IOException {
        out.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.4f,%s,%d,%.3f,%s", num(from), num(seconds), road, lane,
                count, occupancy, opt(meanSpeed), queue, meanVehicles, opt(tti)));
        out.newLine();
    }

    private static String opt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detector readings: " + e.getMessage(), e);
        }
    }
}
