package org.citybrain.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.sim.ProgressListener;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.PlanController;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;

/**
 * Whole-scenario throughput: loads a scenario once, then runs {@code --runs} fresh simulations of
 * {@code --steps} steps each with the roadnet's own signal plan, and prints for each run the wall
 * time of stepping alone (loading and setup excluded), the vehicle updates (one vehicle moved for
 * one step) and their rate, then the medians. The first run includes JIT compilation, which is why
 * the median is the figure to quote.
 *
 * <pre>
 * java -cp citybrain-bench/target/benchmarks.jar org.citybrain.bench.ScenarioBench \
 *     --roadnet R --flow F [--lane-change] [--threads N] [--steps 3600] [--runs 3]
 * </pre>
 *
 * <p>The format of the files is detected from their content (CityFlow JSON, SUMO XML, KDD Cup text).
 * The last line of the output, {@code median vehicle updates/s: N}, is meant for scripts.
 * Exit status 0 on success, 2 on bad arguments, 1 when the scenario cannot be run.
 */
public final class ScenarioBench {

    static final String USAGE = "usage: ScenarioBench --roadnet FILE --flow FILE [--lane-change] [--threads N]"
            + " [--steps N] [--runs N]";

    private ScenarioBench() {
    }

    /**
     * What to run.
     *
     * @param roadnet    road network file
     * @param flow       flow (routes) file
     * @param laneChange whether vehicles change lanes
     * @param threads    worker threads of the engine, at least 1
     * @param steps      steps per run (1 s each), at least 1
     * @param runs       fresh runs, at least 1
     */
    record Options(Path roadnet, Path flow, boolean laneChange, int threads, int steps, int runs) {
        Options {
            if (threads < 1 || steps < 1 || runs < 1) {
                throw new IllegalArgumentException("--threads, --steps and --runs must be at least 1");
            }
        }

        /**
         * Parses the command line.
         *
         * @throws IllegalArgumentException naming the option that is missing, unknown or malformed
         */
        static Options parse(String... args) {
            Path roadnet = null;
            Path flow = null;
            boolean laneChange = false;
            int threads = 1;
            int steps = 3600;
            int runs = 3;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--roadnet" -> roadnet = Path.of(value(args, i++));
                    case "--flow" -> flow = Path.of(value(args, i++));
                    case "--lane-change" -> laneChange = true;
                    case "--threads" -> threads = positive(args, i++);
                    case "--steps" -> steps = positive(args, i++);
                    case "--runs" -> runs = positive(args, i++);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (roadnet == null) {
                throw new IllegalArgumentException("missing --roadnet: the road network file to run");
            }
            if (flow == null) {
                throw new IllegalArgumentException("missing --flow: the flow (routes) file to run");
            }
            return new Options(roadnet, flow, laneChange, threads, steps, runs);
        }

        private static String value(String[] args, int i) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            return args[i + 1];
        }

        private static int positive(String[] args, int i) {
            String v = value(args, i);
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(args[i] + " needs a whole number of at least 1, got '" + v + "'");
        }
    }

    /** One run's figures. */
    record Run(double wallSeconds, long vehicleUpdates, long peakHeapBytes, long liveHeapBytes, long gcCount,
               long gcMillis) {
        double updatesPerSecond() {
            return vehicleUpdates / wallSeconds;
        }
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ScenarioBench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        for (Path p : new Path[] {o.roadnet(), o.flow()}) {
            if (!Files.isRegularFile(p)) {
                System.err.println("ScenarioBench: no such file: " + p.toAbsolutePath());
                System.exit(1);
            }
        }
        run(o);
    }

    static void run(Options o) {
        long t0 = System.nanoTime();
        Scenario scenario = ScenarioFormat.load(o.roadnet(), o.flow(), Optional.empty());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        SimulationConfig config = SimulationConfig.defaults().withLaneChange(o.laneChange()).withThreads(o.threads());
        System.out.printf(Locale.ROOT, "scenario %s + %s (%s), loaded in %.2f s%n", o.roadnet(), o.flow(),
                ScenarioFormat.detect(o.roadnet()).cliName(), loadSeconds);
        System.out.printf(Locale.ROOT, "%d steps, lane change %s, %d thread(s), %d run(s); java %s, %d cpus, max heap %d MiB%n",
                o.steps(), o.laneChange() ? "on" : "off", o.threads(), o.runs(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        Run[] runs = new Run[o.runs()];
        for (int r = 0; r < runs.length; r++) {
            runs[r] = runOnce(scenario, config, o.steps());
            Run x = runs[r];
            System.out.printf(Locale.ROOT,
                    "run %d: %.3f s stepping, %d vehicle updates, %.0f vehicle updates/s, peak heap %d MiB,"
                            + " live heap at end %d MiB, %d GCs (%d ms)%n",
                    r + 1, x.wallSeconds(), x.vehicleUpdates(), x.updatesPerSecond(), x.peakHeapBytes() >> 20,
                    x.liveHeapBytes() >> 20,
                    x.gcCount(), x.gcMillis());
        }
        double medianSeconds = median(Arrays.stream(runs).mapToDouble(Run::wallSeconds).toArray());
        double medianUps = median(Arrays.stream(runs).mapToDouble(Run::updatesPerSecond).toArray());
        long peak = Arrays.stream(runs).mapToLong(Run::peakHeapBytes).max().orElse(0);
        System.out.printf(Locale.ROOT, "median wall seconds: %.3f%n", medianSeconds);
        System.out.printf(Locale.ROOT, "peak heap used: %d MiB (sum of the heap pools' peaks, garbage included)%n",
                peak >> 20);
        System.out.printf(Locale.ROOT, "median vehicle updates/s: %.0f%n", medianUps);
    }

    private static Run runOnce(Scenario scenario, SimulationConfig config, int steps) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        try (Simulation sim = Simulation.create(scenario, config, new PlanController())) {
            long t0 = System.nanoTime();
            sim.run(steps, ProgressListener.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            RunMetrics m = sim.metrics();
            long peak = peakHeap();
            long gcs = gcCount() - gcCount0;
            long gcMs = gcMillis() - gcMillis0;
            System.gc();
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Run(seconds, m.vehicleUpdates(), peak, live, gcs, gcMs);
        }
    }

    /**
     * Sum over the heap pools of each one's peak since the reset: an upper bound of the peak of
     * the whole heap, since the pools need not peak at the same moment.
     */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
