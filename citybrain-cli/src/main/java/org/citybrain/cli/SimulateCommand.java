package org.citybrain.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.SignalController;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "simulate",
        header = "Simulate traffic on a road network and report travel times and speed.",
        description = {
            "Reads a road network and its traffic demand (the format is detected from the road network file unless "
                + "--format is given), runs the microsimulation for --steps steps and prints a summary: average "
                + "travel time, vehicles entered/finished/running/waiting, vehicle updates, wall time, updates per "
                + "second and peak heap.",
            "On a terminal a progress bar runs on stderr; otherwise one final progress line is printed there. "
                + "With --report the figures and the settings are also written as JSON.",
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    ScenarioOptions files;

    private final CliEnvironment env;

    @Option(names = "--steps", defaultValue = "3600", paramLabel = "N",
            description = "Steps to simulate (simulated time = N x --step-seconds).")
    int steps;

    @Option(names = "--controller", defaultValue = Controllers.DEFAULT, paramLabel = "NAME",
            completionCandidates = Controllers.class,
            description = "Signal controller: ${COMPLETION-CANDIDATES}. plan = the road network's own fixed-time plan.")
    String controller;

    @Option(names = "--lane-change",
            description = "Let vehicles change lanes along a road (off: a vehicle keeps its lane until the next intersection).")
    boolean laneChange;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of every random choice; the same seed gives the same run.")
    long seed;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Worker threads for each step; results do not depend on it.")
    int threads;

    @Option(names = "--step-seconds", defaultValue = "1", paramLabel = "S",
            description = "Simulated seconds per step, in (0, 10] (CityFlow's interval).")
    double stepSeconds;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the figures and settings as JSON to FILE (parent directories are created).")
    Path report;

    @Option(names = "--detectors", paramLabel = "FILE",
            description = "Also write what a detector on every lane measured, per interval, as CSV to FILE: one row per "
                    + "lane and one per road (lane column empty).")
    Path detectors;

    @Option(names = "--detector-interval", defaultValue = "300", paramLabel = "S",
            description = "Length of one detector interval in simulated seconds.")
    double detectorInterval;

    SimulateCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        RunRequest run = request();
        SignalController signals = Controllers.create(controller).orElseThrow();
        new SimulationRun(env, spec.commandLine().getOut(), spec.commandLine().getErr()).execute(run, signals);
        return 0;
    }

    /** Checks the values picocli cannot check alone; a bad one is a usage error. */
    private RunRequest request() {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        SimulationConfig config;
        try {
            config = new SimulationConfig(stepSeconds, seed, laneChange, threads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + (threads < 1 ? "threads" : "step-seconds") + ": "
                    + e.getMessage());
        }
        if (Controllers.create(controller).isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "unknown controller '" + controller + "'; known controllers: " + Controllers.names());
        }
        if (!(detectorInterval >= stepSeconds)) {
            throw new ParameterException(spec.commandLine(), "--detector-interval must be at least one step ("
                    + stepSeconds + " s), got " + detectorInterval);
        }
        return new RunRequest(files.roadnet, files.flow, files.format(), steps, controller, config,
                Optional.ofNullable(report), Optional.ofNullable(detectors), detectorInterval);
    }
}
