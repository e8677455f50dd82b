package org.citybrain.cli;

import static org.citybrain.cli.ControllerRuns.seconds;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;


import org.citybrain.control.emergency.EmergencyConfig;
import org.citybrain.control.emergency.EmergencyRun;
import org.citybrain.control.emergency.EmergencyTrip;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "emergency",
        header = "Measure emergency-vehicle priority: the vehicle's travel time and everyone else's, without and with it.",
        description = {
            "Adds one emergency vehicle (60 km/h allowed, lanes cap it) on --route at --depart and simulates the "
                + "scenario twice per controller: as it is, and with a green wave along the route (each signal on it "
                + "turns the vehicle's movement green as it comes within 25 s or 150 m, through the yellow, and hands "
                + "back to the controller once it has entered). Benchmark protocol: 1 s steps, lane changing on. "
                + "Prints a table and, with --report, writes it as JSON. See docs/emergency.md.",
        })
final class EmergencyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    ScenarioOptions files;

    @Option(names = "--route", split = ",", paramLabel = "ROAD",
            description = "The emergency vehicle's roads, comma-separated, each joined to the next. Default: the "
                    + "longest route straight on from the network's edge (Hangzhou 4x4: road_0_1_0 ... road_4_1_0).")
    List<String> route;

    @Option(names = "--depart", defaultValue = "1800", paramLabel = "SECONDS",
            description = "When the emergency vehicle sets off, simulated seconds from the start.")
    double depart;

    @Option(names = "--controller", split = ",", paramLabel = "NAME", defaultValue = "maxpressure,plan",
            description = "Base signal controllers, comma-separated: any of ${COMPLETION-CANDIDATES}.",
            completionCandidates = Controllers.class)
    List<String> controllers;

    @Option(names = "--steps", defaultValue = "3600", paramLabel = "N", description = "Steps of 1 s to simulate.")
    int steps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of every random choice.")
    long seed;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the results as a JSON list to FILE.")
    Path report;

    /** One run's figures, in the JSON report. */
    record Side(String controller, Double travelTime, boolean finished, Double othersAverageTravelTime, long others) {
        static Side of(EmergencyRun.Outcome o) {
            return new Side(o.controller(), finite(o.travelTime()), o.finished(), finite(o.othersAverageTravelTime()),
                    o.others());
        }
    }

    /** One base controller's comparison, the JSON report's element. */
    record Result(String controller, List<String> route, double departTime, Side without, Side with, Double ratio,
                  Double timeSaved, Double extraDelay) {
        static Result of(EmergencyRun.Comparison c) {
            return new Result(c.base(), c.trip().route(), c.trip().departTime(), Side.of(c.without()), Side.of(c.with()),
                    finite(c.ratio()), finite(c.timeSaved()), finite(c.extraDelay()));
        }
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw usage("--steps must be at least 1, got " + steps);
        }
        if (!(depart >= 0) || depart >= steps) {
            throw usage("--depart must be in [0, " + steps + ") s so the vehicle sets off within the run, got " + depart);
        }
        for (String c : controllers) {
            if (Controllers.create(c).isEmpty()) {
                throw usage("unknown controller '" + c + "'; known controllers: " + Controllers.names());
            }
        }
        if (route != null && route.size() < 2) {
            throw usage("--route needs at least two roads, got " + route);
        }
        Scenario scenario = files.load();
        List<String> roads = route != null ? route : EmergencyRun.longestStraightRoute(scenario.network()).orElseThrow(
                () -> usage("no road leads straight on from the network's edge; give the route with --route"));
        try {
            EmergencyRun.checkRoute(scenario.network(), roads);
        } catch (IllegalArgumentException e) {
            throw usage("--route: " + e.getMessage());
        }
        EmergencyTrip trip = new EmergencyTrip(roads, depart);
        SimulationConfig config = SimulationConfig.defaults().withSeed(seed).withLaneChange(true);
        PrintWriter out = spec.commandLine().getOut();
        double metres = 0;
        for (String r : roads) {
            metres += scenario.network().road(r).orElseThrow().length();
        }
        out.printf(Locale.ROOT, "emergency vehicle %s -> %s (%d roads, %.1f km), setting off at %.0f s%n", roads.get(0),
                roads.get(roads.size() - 1), roads.size(), metres / 1000, depart);
        List<Result> results = run(scenario, config, trip);
        out.printf(Locale.ROOT, "%n%-12s %11s %11s %6s %14s %14s %11s%n", "controller", "EV without", "EV with", "ratio",
                "others without", "others with", "extra delay");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-12s %11s %11s %6s %14s %14s %11s%n", r.controller(), travel(r.without()),
                    travel(r.with()), r.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    seconds(r.without().othersAverageTravelTime()), seconds(r.with().othersAverageTravelTime()),
                    r.extraDelay() == null ? "n/a" : String.format(Locale.ROOT, "%+.1f s", r.extraDelay()));
        }
        if (results.stream().anyMatch(r -> !r.without().finished() || !r.with().finished())) {
            out.println("> the emergency vehicle had not arrived when the run ended: its time so far");
        }
        if (report != null) {
            ControllerRuns.writeReport(report, results, out);
        }
        out.flush();
        return 0;
    }

    /** One comparison per controller, at most as many at once as there are processors. */
    private List<Result> run(Scenario scenario, SimulationConfig config, EmergencyTrip trip) {
        int threads = Math.min(controllers.size(), Runtime.getRuntime().availableProcessors());
        return ControllerRuns.inParallel(controllers, threads, name -> Result.of(EmergencyRun.compare(scenario, config,
                () -> Controllers.create(name).orElseThrow(), trip, steps, EmergencyConfig.DEFAULTS)));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String travel(Side s) {
        return (s.finished() ? "" : ">") + seconds(s.travelTime());
    }
}
