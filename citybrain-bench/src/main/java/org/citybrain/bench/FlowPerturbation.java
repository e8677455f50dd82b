package org.citybrain.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.citybrain.twin.format.cityflow.CityFlowWriter;

/**
 * A perturbed copy of a flow file, to tell a controller's real gains from what one demand file
 * happens to reward: every vehicle is dropped with probability {@code drop} and its departure
 * shifted by a whole number of seconds drawn uniformly from [−shift, +shift] (never before 0). The
 * same input, seed and parameters give the same file. Run:
 * {@code java -cp citybrain-bench/target/benchmarks.jar org.citybrain.bench.FlowPerturbation
 * --roadnet R --flow F --seed N --out FILE [--drop 0.05] [--shift 30]}
 */
public final class FlowPerturbation {
    private FlowPerturbation() {
    }

    /**
     * The perturbed vehicles, one single-vehicle flow each, in departure order (ties in input
     * order). Flows of several vehicles are expanded; an unbounded flow is refused.
     *
     * @throws IllegalArgumentException on a probability outside [0, 1), a negative shift, or an
     *                                  unbounded flow
     */
    public static List<Flow> perturb(List<Flow> flows, long seed, double drop, int shift) {
        if (!(drop >= 0 && drop < 1)) {
            throw new IllegalArgumentException("drop probability must be in [0, 1), got " + drop);
        }
        if (shift < 0) {
            throw new IllegalArgumentException("departure shift must be >= 0 s, got " + shift);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Flow> out = new ArrayList<>();
        for (Flow f : flows) {
            if (f.endTime() == -1) {
                throw new IllegalArgumentException("flow " + f.id() + " never ends (endTime -1): cannot perturb its vehicles");
            }
            long n = f.vehicleCount();
            for (long k = 0; k < n; k++) {
                // draw both numbers for every vehicle, so dropping one does not shift the others' draws
                boolean dropped = random.nextDouble() < drop;
                int delta = shift == 0 ? 0 : random.nextInt(-shift, shift + 1);
                if (dropped) {
                    continue;
                }
                double t = Math.max(0, f.startTime() + k * f.interval() + delta);
                out.add(new Flow(f.id() + "_" + k, f.vehicle(), f.route(), 1, t, t));
            }
        }
        out.sort((a, b) -> Double.compare(a.startTime(), b.startTime()));
        return out;
    }

    public static void main(String[] args) {
        String roadnet = null;
        String flow = null;
        String outFile = null;
        Long seed = null;
        double drop = 0.05;
        int shift = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--roadnet" -> roadnet = args[i + 1];
                case "--flow" -> flow = args[i + 1];
                case "--out" -> outFile = args[i + 1];
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--drop" -> drop = Double.parseDouble(args[i + 1]);
                case "--shift" -> shift = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (roadnet == null || flow == null || outFile == null || seed == null) {
            System.err.println("usage: FlowPerturbation --roadnet R --flow F --seed N --out FILE [--drop 0.05] [--shift 30]");
            System.exit(2);
        }
        Scenario s = ScenarioFormat.load(Path.of(roadnet), Path.of(flow), Optional.empty());
        List<Flow> perturbed = perturb(s.flows(), seed, drop, shift);
        CityFlowWriter.writeFlows(perturbed, Path.of(outFile));
        long before = s.flows().stream().mapToLong(Flow::vehicleCount).sum();
        System.out.printf("%s: %d of %d vehicles kept (seed %d, drop %.3f, shift ±%d s)%n", outFile, perturbed.size(),
                before, seed, drop, shift);
    }
}
