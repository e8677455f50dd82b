package org.citybrain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.citybrain.sim.RunMetrics;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON report of {@code citybrain simulate --report FILE}: the run's settings, the engine's
 * {@link RunMetrics} at the end and what the run cost. Field names are a contract for scripts;
 * add fields, do not rename them. Figures that do not exist (a mean over no vehicle) are null.
 *
 * @param roadnet                 road network file as given on the command line
 * @param flow                    flow file as given on the command line
 * @param format                  format the files were read as ({@code cityflow}, {@code kdd}, {@code sumo})
 * @param steps                   steps simulated
 * @param stepSeconds             simulated seconds per step
 * @param simulatedSeconds        simulated time at the end
 * @param averageTravelTime       CityFlow's average travel time in seconds, see {@link RunMetrics}
 * @param meanDelay               mean over finished vehicles of travel time minus free-flow time, seconds
 * @param throughputPerHour       finished vehicles per simulated hour
 * @param vehicleUpdates          vehicle-steps computed (one vehicle moved one step counts one)
 * @param loadSeconds             wall seconds to read the files and prepare the engine
 * @param wallSeconds             wall seconds of the stepping alone (not loading)
 * @param vehicleUpdatesPerSecond {@code vehicleUpdates / wallSeconds}
 * @param peakHeapMB              most Java heap in use at once during loading and the run, MiB: live
 *                                objects plus garbage not yet collected, taken before every GC and at
 *                                progress samples; grows with {@code -Xmx} (see {@link HeapPeak})
 * @param peakHeapAfterGcMB       most heap still in use right after a GC, MiB: close to the largest
 *                                live set; null when no GC ran
 */
@JsonPropertyOrder({"citybrainVersion", "roadnet", "flow", "format", "controller", "steps", "stepSeconds", "seed",
    "laneChange", "threads", "simulatedSeconds", "averageTravelTime", "vehiclesGenerated", "vehiclesEntered",
    "vehiclesFinished", "vehiclesRunning", "vehiclesWaiting", "meanDelay", "throughputPerHour", "vehicleUpdates",
    "loadSeconds", "wallSeconds", "vehicleUpdatesPerSecond", "peakHeapMB", "peakHeapAfterGcMB"})
record SimulationReport(String citybrainVersion, String roadnet, String flow, String format, String controller,
                        int steps, double stepSeconds, long seed, boolean laneChange, int threads,
                        double simulatedSeconds, Double averageTravelTime, long vehiclesGenerated,
                        long vehiclesEntered, long vehiclesFinished, long vehiclesRunning, long vehiclesWaiting,
                        Double meanDelay, Double throughputPerHour, long vehicleUpdates, double loadSeconds,
                        double wallSeconds, Double vehicleUpdatesPerSecond, double peakHeapMB,
                        Double peakHeapAfterGcMB) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static SimulationReport of(RunRequest run, String format, RunMetrics m, double loadSeconds, double wallSeconds,
                               long peakHeapBytes, Double peakHeapAfterGcMB) {
        return new SimulationReport(VersionInfo.version(), run.roadnet().toString(), run.flow().toString(), format,
                run.controller(), run.steps(), run.config().stepSeconds(), run.config().seed(),
                run.config().laneChange(), run.config().threads(), m.time(), finite(m.averageTravelTime()),
                m.vehiclesGenerated(), m.vehiclesEntered(), m.vehiclesFinished(), m.vehiclesRunning(),
                m.vehiclesWaiting(), finite(m.meanDelay()), finite(m.throughputPerHour()), m.vehicleUpdates(),
                loadSeconds, wallSeconds, wallSeconds > 0 ? m.vehicleUpdates() / wallSeconds : null,
                megabytes(peakHeapBytes), peakHeapAfterGcMB);
    }

    /** Writes the report as indented JSON, creating missing parent directories. */
    void write(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliInputException("report path is a directory, expected a file: " + Inputs.shown(file));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + CliErrors.describe(e), e);
        }
    }

    static double megabytes(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0) * 10) / 10.0;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
