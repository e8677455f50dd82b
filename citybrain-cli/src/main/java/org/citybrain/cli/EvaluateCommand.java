package org.citybrain.cli;

import static org.citybrain.cli.ControllerRuns.seconds;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;


import org.citybrain.control.signal.ControlProtocol;
import org.citybrain.control.signal.ProtocolFit;
import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "evaluate",
        header = "Run several signal controllers on one scenario and compare them.",
        description = {
            "Loads the scenario once and simulates it with each controller (in parallel, one engine thread each), "
                + "under the benchmark protocol: 1 s steps, lane changing on, a decision every 15 s, 5 s of yellow "
                + "on a switch. Prints a table and, with --report, writes a JSON list of "
                + "{controller, averageTravelTime, vehiclesFinished, ...}.",
        })
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    ScenarioOptions files;

    @Option(names = "--controllers", split = ",", paramLabel = "NAME",
            defaultValue = "plan,fixed,webster,sotl,maxpressure,advanced-mp,brain",
            description = "Comma-separated controllers: any of ${COMPLETION-CANDIDATES}.",
            completionCandidates = Controllers.class)
    List<String> controllers;

    @Option(names = "--steps", defaultValue = "3600", paramLabel = "N", description = "Steps of 1 s to simulate.")
    int steps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of every random choice.")
    long seed;

    @Option(names = "--lane-change", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Let vehicles change lanes (the protocol's default: on; --no-lane-change to turn it off).")
    boolean laneChange;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Controllers simulated at once (default: the number of processors, at most the number of controllers).")
    Integer parallel;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the results as a JSON list to FILE.")
    Path report;

    /** One controller's result, the JSON report's element. */
    record Result(String controller, Double averageTravelTime, long vehiclesGenerated, long vehiclesEntered,
                  long vehiclesFinished, long vehiclesRunning, long vehiclesWaiting, Double meanDelay,
                  Double throughputPerHour, long vehicleUpdates, double wallSeconds) {
        static Result of(String controller, RunMetrics m, double wallSeconds) {
            return new Result(controller, finite(m.averageTravelTime()), m.vehiclesGenerated(), m.vehiclesEntered(),
                    m.vehiclesFinished(), m.vehiclesRunning(), m.vehiclesWaiting(), finite(m.meanDelay()),
                    finite(m.throughputPerHour()), m.vehicleUpdates(), wallSeconds);
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        for (String c : controllers) {
            if (Controllers.create(c).isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "unknown controller '" + c + "'; known controllers: " + Controllers.names());
            }
        }
        int threads = parallel != null ? parallel : Math.min(controllers.size(), Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, got " + threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario = files.load();
        for (ProtocolFit.Misfit misfit : ProtocolFit.check(scenario.network(), ControlProtocol.BENCHMARK)) {
            err.println("citybrain: note: the signal plans were not made for the benchmark protocol: " + misfit
                    + "; what the controllers do there: docs/traffic-control.md#networks-that-do-not-fit-the-protocol");
        }
        SimulationConfig config = SimulationConfig.defaults().withSeed(seed).withLaneChange(laneChange);
        List<Result> results = run(scenario, config, threads, err);
        out.printf(Locale.ROOT, "%n%-12s %10s %8s %8s %8s %8s %10s %8s%n", "controller", "avg travel", "entered",
                "finished", "running", "waiting", "mean delay", "wall s");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-12s %10s %8d %8d %8d %8d %10s %8.1f%n", r.controller(), seconds(r.averageTravelTime()),
                    r.vehiclesEntered(), r.vehiclesFinished(), r.vehiclesRunning(), r.vehiclesWaiting(),
                    seconds(r.meanDelay()), r.wallSeconds());
        }
        if (report != null) {
            ControllerRuns.writeReport(report, results, out);
        }
        out.flush();
        return 0;
    }

    private List<Result> run(Scenario scenario, SimulationConfig config, int threads, PrintWriter err) {
        return ControllerRuns.inParallel(controllers, threads, name -> {
            long t0 = System.nanoTime();
            try (Simulation sim = Simulation.create(scenario, config, Controllers.create(name).orElseThrow())) {
                sim.run(steps, ProgressListener.NONE);
                double wall = (System.nanoTime() - t0) / 1e9;
                synchronized (err) {
                    err.printf(Locale.ROOT, "%s done in %.1f s%n", name, wall);
                    err.flush();
                }
                return Result.of(name, sim.metrics(), wall);
            }
        });
    }
}
