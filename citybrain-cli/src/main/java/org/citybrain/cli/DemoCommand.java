package org.citybrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        header = "Run the platform demo: the simulated city feeding the server live, City Brain controlling its signals.",
        description = {
            "Starts the server as 'citybrain serve' does (same --port, --data-dir and CITYBRAIN_ADMIN_TOKEN) with a "
                + "simulated city inside it: the bundled scenario runs in accelerated real time (--speed), looping, and its "
                + "virtual detectors, signals and car parks report to the server over MQTT like real devices. Open the "
                + "printed dashboard URL; signal commands, district controllers and the entities are described in docs/demo.md.",
            "Ctrl-C stops everything cleanly; a second demo in the same --data-dir resumes with the stored history. The "
                + "one-shot simulation with a printed summary is 'citybrain simulate'. The project directory comes from "
                + "the launcher (system property citybrain.home), else it is the current directory.",
        })
final class DemoCommand implements Callable<Integer> {

    /** The bundled scenarios the demo can run. */
    enum Scenario {
        HANGZHOU("Hangzhou 4x4 (16 signalised intersections in Gudang, real camera flows)", "hangzhou_4x4",
                "roadnet_4_4.json", "anon_4_4_hangzhou_real.json"),
        NANCHANG("Nanchang (KDD Cup 2021, 2,048 intersections, round-2 flow)", "nanchang_kddcup2021",
                "roadnet_round2.txt", "flow_round2.txt");

        final String title;
        final Path dir;
        final String roadnet;
        final String flow;

        Scenario(String title, String dir, String roadnet, String flow) {
            this.title = title;
            this.dir = Path.of("scenarios", dir);
            this.roadnet = roadnet;
            this.flow = flow;
        }
    }

    @Spec
    private CommandSpec spec;

    private final CliEnvironment env;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "HTTP port (dashboard and APIs).")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data", paramLabel = "DIR",
            description = "Where the embedded stores keep their files; a second demo here resumes with their history.")
    Path dataDir;

    @Option(names = "--scenario", defaultValue = "hangzhou", paramLabel = "NAME",
            description = "hangzhou or nanchang.")
    String scenario;

    @Option(names = "--speed", defaultValue = "10", paramLabel = "X",
            description = "Simulated seconds per wall-clock second.")
    double speed;

    @Parameters(paramLabel = "--name=value", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "Further server settings, e.g. --citybrain.mqtt.port=1884 or --citybrain.city.districts=quadrants "
                    + "(after '--').")
    List<String> settings = new ArrayList<>();

    DemoCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Scenario chosen;
        try {
            chosen = Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--scenario must be hangzhou or nanchang, got '" + scenario + "'");
        }
        if (!(speed > 0) || speed > 1000) {
            throw new ParameterException(spec.commandLine(), "--speed must be in (0, 1000], got " + speed);
        }
        Path dir = env.home().resolve(chosen.dir);
        Path roadnet = dir.resolve(chosen.roadnet);
        Path flow = dir.resolve(chosen.flow);
        if (!roadnet.toFile().isFile() || !flow.toFile().isFile()) {
            throw new CliInputException("demo scenario not found in " + dir + "; run the demo with the ./citybrain "
                    + "launcher or from the project directory (project home: " + env.home() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("CityBrain demo: " + chosen.title + ", looping, " + (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "x real time. Starting…");
        out.flush();
        List<String> defaults = List.of("--citybrain.city.roadnet=" + roadnet, "--citybrain.city.flow=" + flow,
                "--citybrain.city.speed=" + speed, "--citybrain.city.loop=true");
        return ServeCommand.run(spec, port, dataDir, settings, defaults, base -> {
            out.println("  Dashboard: " + base + "/");
            out.println("  The city: " + base + "/api/city   districts and their controllers: " + base + "/api/city/districts");
        });
    }
}
