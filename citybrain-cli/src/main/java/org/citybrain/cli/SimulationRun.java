package org.citybrain.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;

/** Loads, runs and reports one simulation: the shared body of {@code simulate} and {@code demo}. */
final class SimulationRun {
    private final CliEnvironment env;
    private final PrintWriter out;
    private final PrintWriter err;

    SimulationRun(CliEnvironment env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * @throws CliInputException for a missing file, {@link org.citybrain.twin.TwinFormatException} for
     *                           an unusable one, {@link UncheckedIOException} when the report cannot be written
     */
    SimulationReport execute(RunRequest run, SignalController controller) {
        Inputs.requireFile(run.roadnet(), "road network");
        Inputs.requireFile(run.flow(), "flow");
        try (HeapPeak heap = HeapPeak.start()) {
            long t0 = System.nanoTime();
            ScenarioFormat format = run.format().orElseGet(() -> ScenarioFormat.detect(run.roadnet()));
            Scenario scenario = ScenarioFormat.load(run.roadnet(), run.flow(), Optional.of(format));
            Simulation sim = Simulation.create(scenario, run.config(), controller);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;

            ProgressLine progress = new ProgressLine(err, env.interactive(), run.config().stepSeconds());
            long start = System.nanoTime();
            ProgressListener listener = (done, total) -> {
                // every step must stay cheap: the clock only, the engine's figures ten times a second
                long now = System.nanoTime();
                if (progress.due(now)) {
                    heap.sample();
                    RunMetrics m = sim.metrics();
                    progress.draw(now, done, total, m.vehiclesRunning(), m.vehicleUpdates() / ((now - start) / 1e9));
                }
            };
            sim.run(run.steps(), listener);
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            RunMetrics end = sim.metrics();
            progress.finish(run.steps(), run.steps(), end.vehiclesRunning(),
                    wallSeconds > 0 ? end.vehicleUpdates() / wallSeconds : 0);

            var afterGc = heap.peakAfterGcBytes();
            SimulationReport report = SimulationReport.of(run, format.cliName(), end, loadSeconds, wallSeconds,
                    heap.peakUsedBytes(), afterGc.isPresent() ? SimulationReport.megabytes(afterGc.getAsLong()) : null);
            printSummary(run, scenario, report);
            run.report().ifPresent(path -> {
                report.write(path);
                line("report", path.toString());
            });
            out.flush();
            return report;
        }
    }

    private void printSummary(RunRequest run, Scenario scenario, SimulationReport r) {
        out.println();
        line("scenario", run.roadnet() + " + " + run.flow() + " (" + r.format() + ")");
        line("network", Inputs.NetworkCounts.of(scenario.network()) + "; " + Inputs.count(scenario.flows().size())
                + " flows");
        line("run", Inputs.count(r.steps()) + " steps of " + num(r.stepSeconds()) + " s, controller " + r.controller()
                + ", lane change " + (r.laneChange() ? "on" : "off") + ", seed " + r.seed() + ", "
                + r.threads() + (r.threads() == 1 ? " thread" : " threads"));
        line("average travel time", r.averageTravelTime() == null ? "n/a (no vehicle generated)"
                : String.format(Locale.ROOT, "%.1f s", r.averageTravelTime()));
        line("vehicles", "entered " + Inputs.count(r.vehiclesEntered()) + ", finished " + Inputs.count(r.vehiclesFinished())
                + ", running " + Inputs.count(r.vehiclesRunning()) + ", waiting " + Inputs.count(r.vehiclesWaiting())
                + " (generated " + Inputs.count(r.vehiclesGenerated()) + ")");
        line("mean delay", r.meanDelay() == null ? "n/a (no vehicle finished)"
                : String.format(Locale.ROOT, "%.1f s", r.meanDelay()));
        line("throughput", r.throughputPerHour() == null ? "n/a"
                : String.format(Locale.ROOT, "%,.0f vehicles/h", r.throughputPerHour()));
        line("vehicle updates", Inputs.count(r.vehicleUpdates()) + " in "
                + String.format(Locale.ROOT, "%.2f s wall", r.wallSeconds())
                + (r.vehicleUpdatesPerSecond() == null ? ""
                        : String.format(Locale.ROOT, " = %.2f M updates/s", r.vehicleUpdatesPerSecond() / 1e6)));
        line("loading", String.format(Locale.ROOT, "%.2f s", r.loadSeconds()));
        line("peak heap", String.format(Locale.ROOT, "%.0f MiB used", r.peakHeapMB())
                + (r.peakHeapAfterGcMB() == null ? ""
                        : String.format(Locale.ROOT, ", %.0f MiB after GC", r.peakHeapAfterGcMB()))
                + " (max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB)");
    }

    private void line(String label, String value) {
        out.printf(Locale.ROOT, "%-20s %s%n", label, value);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
