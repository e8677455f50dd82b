package org.citybrain.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.control.signal.SignalControllers;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;

/**
 * How long a controller takes to decide, on a whole city: the time spent in {@code decide} per
 * step (all intersections that decide in that step, which under the protocol is all of them every
 * 15 s) and per single decision. Run:
 * {@code java -cp citybrain-bench/target/benchmarks.jar org.citybrain.bench.DecisionLatencyBench
 * --roadnet R --flow F --controller brain [--steps 1800]}
 */
public final class DecisionLatencyBench {
    private DecisionLatencyBench() {
    }

    public static void main(String[] args) {
        String roadnet = null;
        String flow = null;
        String controller = "brain";
        int steps = 1800;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--roadnet" -> roadnet = args[i + 1];
                case "--flow" -> flow = args[i + 1];
                case "--controller" -> controller = args[i + 1];
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (roadnet == null || flow == null) {
            System.err.println("usage: DecisionLatencyBench --roadnet R --flow F [--controller brain] [--steps 1800]");
            System.exit(2);
        }
        Scenario s = ScenarioFormat.load(Path.of(roadnet), Path.of(flow), Optional.empty());
        String name = controller;
        SignalController inner = SignalControllers.create(controller)
                .orElseThrow(() -> new IllegalArgumentException("unknown controller " + name));
        long[] stepNanos = new long[steps];
        long[] decisions = new long[1];
        long[] decisionNanos = new long[4_000_000];
        int[] step = new int[1];
        SignalController timed = new SignalController() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public IntersectionController forIntersection(SignalSite site) {
                IntersectionController c = inner.forIntersection(site);
                return obs -> {
                    long t0 = System.nanoTime();
                    var cmd = c.decide(obs);
                    long dt = System.nanoTime() - t0;
                    if (step[0] < stepNanos.length) {
                        stepNanos[step[0]] += dt;
                    }
                    if (decisions[0] < decisionNanos.length) {
                        decisionNanos[(int) decisions[0]] = dt;
                    }
                    decisions[0]++;
                    return cmd;
                };
            }
        };
        long signals = s.network().intersections().stream().filter(i -> i.signal().isPresent()).count();
        try (Simulation sim = Simulation.create(s, SimulationConfig.defaults().withLaneChange(true), timed)) {
            for (step[0] = 0; step[0] < steps; step[0]++) {
                sim.step();
            }
        }
        long[] perStep = Arrays.stream(stepNanos).filter(n -> n > 0).sorted().toArray();
        long[] perDecision = Arrays.copyOf(decisionNanos, (int) Math.min(decisions[0], decisionNanos.length));
        Arrays.sort(perDecision);
        System.out.printf(Locale.ROOT, "%s on %s: %d signalised intersections, %d decisions in %d steps%n", controller,
                roadnet, signals, decisions[0], steps);
        System.out.printf(Locale.ROOT, "per step with decisions: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(perStep, 0.5) / 1e6, pct(perStep, 0.99) / 1e6, perStep[perStep.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "per decision: median %.1f us, p99 %.1f us, max %.1f us%n",
                pct(perDecision, 0.5) / 1e3, pct(perDecision, 0.99) / 1e3, perDecision[perDecision.length - 1] / 1e3);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
