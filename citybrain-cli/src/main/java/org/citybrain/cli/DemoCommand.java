package org.citybrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.format.ScenarioFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        header = "Simulate the bundled Hangzhou 4x4 scenario and print the summary.",
        description = {
            "Runs the project's scenarios/hangzhou_4x4 (16 signalised intersections in Gudang, Hangzhou, with flows "
                + "from real camera data) under the road network's own signal plan, as 'citybrain simulate --roadnet "
                + "scenarios/hangzhou_4x4/roadnet_4_4.json --flow scenarios/hangzhou_4x4/anon_4_4_hangzhou_real.json' "
                + "would. The project directory comes from the launcher (system property citybrain.home), else it is "
                + "the current directory.",
            "For now this simulation is the whole demo; it will become the full platform demo (dashboard, data hub, "
                + "signal control) in a later release.",
        })
final class DemoCommand implements Callable<Integer> {
    static final Path SCENARIO = Path.of("scenarios", "hangzhou_4x4");
    static final String ROADNET = "roadnet_4_4.json";
    static final String FLOW = "anon_4_4_hangzhou_real.json";

    @Spec
    private CommandSpec spec;

    private final CliEnvironment env;

    @Option(names = "--steps", defaultValue = "3600", paramLabel = "N", description = "Steps of 1 s to simulate.")
    int steps;

    @Option(names = "--lane-change", description = "Let vehicles change lanes along a road.")
    boolean laneChange;

    DemoCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        Path dir = env.home().resolve(SCENARIO);
        Path roadnet = dir.resolve(ROADNET);
        Path flow = dir.resolve(FLOW);
        if (!roadnet.toFile().isFile() || !flow.toFile().isFile()) {
            throw new CliInputException("demo scenario not found in " + dir + "; run the demo with the ./citybrain "
                    + "launcher or from the project directory (project home: " + env.home() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("CityBrain demo: Hangzhou 4x4, " + Inputs.count(steps) + " s, the road network's own signal plan"
                + (laneChange ? ", lane changing on" : ""));
        out.flush();
        RunRequest run = new RunRequest(roadnet, flow, Optional.of(ScenarioFormat.CITYFLOW), steps, Controllers.DEFAULT,
                SimulationConfig.defaults().withLaneChange(laneChange), Optional.empty());
        new SimulationRun(env, out, spec.commandLine().getErr()).execute(run, Controllers.create(run.controller()).orElseThrow());
        return 0;
    }
}
