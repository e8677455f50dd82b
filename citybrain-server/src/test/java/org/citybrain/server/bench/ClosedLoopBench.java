package org.citybrain.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.citybrain.control.signal.SignalControllers;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;

/**
 * What closing the loop costs (docs/benchmarks.md, "The closed loop"): Hangzhou 4x4 for one hour
 * with a controller ({@code maxpressure} or {@code brain}) inside the engine (on the engine's
 * state, a decision every 15 s) and in the platform (the simulated city in the server at
 * {@code speed}x real time, its readings over MQTT into the hub, the decision from those readings,
 * the command back over MQTT), side by side: average travel time at the flow's end, the loop's
 * latency from reading durable to the signal acting on the command, and the MQTT readings the city
 * published per wall-clock second (the cameras' frames apart).
 *
 * <pre>bench/server-bench.sh ClosedLoopBench [speed=10] [detector interval s=15] [controller=maxpressure]</pre>
 */
public final class ClosedLoopBench {
    static final Path SCENARIO = Path.of("scenarios", "hangzhou_4x4");

    private ClosedLoopBench() {
    }

    public static void main(String[] args) throws Exception {
        double speed = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int interval = BenchServer.arg(args, 1, 15);
        String controller = args.length > 2 ? args[2] : "maxpressure";
        Path roadnet = SCENARIO.resolve("roadnet_4_4.json");
        Path flow = SCENARIO.resolve("anon_4_4_hangzhou_real.json");
        Scenario scenario = ScenarioFormat.load(roadnet, flow, Optional.empty());
        double end = scenario.flows().stream().mapToDouble(f -> f.endTime()).max().orElseThrow();

        RunMetrics plan = inEngine(scenario, "plan", end);
        RunMetrics engine = inEngine(scenario, controller, end);

        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "closed-loop-");
        Files.createDirectories(data.resolve("city"));
        Files.writeString(data.resolve("city/districts.json"), "{\"city\":\"" + controller + "\"}");
        long start = System.nanoTime();
        JsonNode status;
        JsonNode first = null;
        long firstAt = 0;
        long lastAt;
        try (BenchServer server = new BenchServer(data.toString(), "--citybrain.city.roadnet=" + roadnet,
                "--citybrain.city.flow=" + flow, "--citybrain.city.speed=" + speed,
                "--citybrain.city.detector-interval=" + interval + "s")) {
            ObjectMapper json = new ObjectMapper();
            do {
                Thread.sleep(2000);
                status = json.readTree(server.send("GET", "/api/city", BenchServer.ADMIN, null).body());
                if (first == null && status.path("simulatedSeconds").asDouble() > 0) {
                    first = status;
                    firstAt = System.nanoTime();
                }
            } while (!status.has("atFlowEnd"));
            lastAt = System.nanoTime();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double platform = status.at("/atFlowEnd/averageTravelTime").asDouble();
        System.out.printf(Locale.ROOT, "Hangzhou 4x4, %.0f s, lane change off, seed 0%n", end);
        System.out.printf(Locale.ROOT, "  plan in the engine:            average travel time %.1f s, %d finished%n",
                plan.averageTravelTime(), plan.vehiclesFinished());
        System.out.printf(Locale.ROOT, "  %s in the engine:     average travel time %.1f s, %d finished%n",
                controller, engine.averageTravelTime(), engine.vehiclesFinished());
        System.out.printf(Locale.ROOT, "  %s in the platform:   average travel time %.1f s, %d finished "
                        + "(%.0fx real time, detector interval %d s, %.0f s wall)%n",
                controller, platform, status.at("/atFlowEnd/vehiclesFinished").asLong(), speed, interval, wall);
        System.out.printf(Locale.ROOT, "  platform / engine: %.3f%n", platform / engine.averageTravelTime());
        System.out.printf(Locale.ROOT, "  loop latency, reading durable -> signal acts: p50 %.1f ms, p99 %.1f ms over %d decisions%n",
                status.at("/controlLatency/p50Millis").asDouble(), status.at("/controlLatency/p99Millis").asDouble(),
                status.at("/controlLatency/decisions").asLong());
        // rates while the city ran (from its first step seen to the flow's end)
        double running = (lastAt - firstAt) / 1e9;
        long frames = status.at("/cameraFrames").asLong() - first.at("/cameraFrames").asLong();
        long bytes = status.at("/cameraFrameBytes").asLong() - first.at("/cameraFrameBytes").asLong();
        System.out.printf(Locale.ROOT, "  MQTT readings published: %.1f/s, of which camera frames %.1f/s (mean %.0f bytes each)%n",
                (status.at("/readingsPublished").asLong() - first.at("/readingsPublished").asLong()) / running,
                frames / running, frames == 0 ? 0.0 : (double) bytes / frames);
    }

    private static RunMetrics inEngine(Scenario scenario, String controller, double seconds) {
        try (Simulation sim = Simulation.create(scenario, SimulationConfig.defaults(),
                SignalControllers.create(controller).orElseThrow())) {
            while (sim.time() < seconds) {
                sim.step();
            }
            return sim.metrics();
        }
    }
}
