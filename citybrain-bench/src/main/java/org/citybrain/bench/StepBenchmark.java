package org.citybrain.bench;

import java.util.concurrent.TimeUnit;

import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.sim.signal.PlanController;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One simulation step of the Hangzhou 4x4 scenario (CityFlow files, 2,983 vehicles in an hour,
 * roadnet's own signal plan, one thread) on a full network: the run is warmed to t = 1,800 s before
 * anything is measured.
 *
 * <p>Why single-shot batches and not the usual time-bound iterations: a step is tens of
 * microseconds, so a one-second iteration would run the simulation past the end of the flow
 * (3,600 s) into an emptying network. Each iteration is therefore one call that makes
 * {@link #STEPS_PER_CALL} steps, reported per step ({@link OperationsPerInvocation}); the default
 * 2 warm-up + 5 measured iterations cover t = 1,800 to 3,200 s. An iteration that would cross
 * 3,600 s starts a fresh run warmed again to 1,800 s (only with more iterations than the default).
 *
 * <p>With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per step. JMH's GC
 * profiler counts the whole iteration, setup included, so the first warm-up iteration (loading
 * and warming) is huge and any iteration that re-warms is too; the measured ones of a default run
 * count only the steps and JMH's own per-iteration bookkeeping, which {@link #baseline()} shows on
 * its own (it makes no step): subtract it. What remains is what a step allocates: nothing, since
 * the engine keeps its runner task in a field and the plan makes its commands once; see
 * {@code docs/benchmarks.md}.
 *
 * <p>Run from the repository root (or pass {@code -Dcitybrain.home=DIR}):
 * {@code java -jar citybrain-bench/target/benchmarks.jar StepBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StepBenchmark {
    /** Steps per measured call. */
    static final int STEPS_PER_CALL = 200;
    static final int WARM_SECONDS = 1800;
    /** The flow's last departure: past it the network empties. */
    static final int FLOW_END_SECONDS = 3600;

    @Param({"true", "false"})
    public boolean laneChange;

    private Scenario scenario;
    private Simulation sim;

    @Setup(Level.Trial)
    public void load() {
        scenario = ScenarioFormat.load(BenchData.file("scenarios/hangzhou_4x4/roadnet_4_4.json"),
                BenchData.file("scenarios/hangzhou_4x4/anon_4_4_hangzhou_real.json"), java.util.Optional.empty());
        warm();
    }

    @Setup(Level.Iteration)
    public void keepFull() {
        if (sim.time() + STEPS_PER_CALL > FLOW_END_SECONDS) {
            sim.close();
            warm();
        }
    }

    private void warm() {
        SimulationConfig config = SimulationConfig.defaults().withLaneChange(laneChange);
        sim = Simulation.create(scenario, config, new PlanController());
        for (int i = 0; i < WARM_SECONDS; i++) {
            sim.step();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        sim.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS_PER_CALL)
    public void step() {
        for (int i = 0; i < STEPS_PER_CALL; i++) {
            sim.step();
        }
    }

    /** No step: what JMH and the profiler cost per iteration, spread over the same operation count. */
    @Benchmark
    @OperationsPerInvocation(STEPS_PER_CALL)
    public void baseline() {
        // intentionally empty
    }
}
