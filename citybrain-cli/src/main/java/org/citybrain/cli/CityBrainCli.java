package org.citybrain.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code citybrain} command: entry point of the executable jar that the {@code ./citybrain}
 * launcher runs.
 *
 * <p>Exit codes: 0 success, 1 unusable input (missing or malformed file), 2 usage error (bad or
 * missing option), 3 internal error (a bug; rerun with {@code --verbose} for the stack trace).
 */
@Command(name = "citybrain",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        versionProvider = VersionInfo.class,
        header = "CityBrain: the city's digital twin, data hub and traffic control.",
        description = "Runs the server (NGSI-LD context broker, device ingestion over HTTP and MQTT, history, early "
                + "warnings and cases, the operations dashboard) and the bundled demo; simulates traffic on a city's road "
                + "network (CityFlow, SUMO or KDD Cup 2021 files) and compares signal controllers on it; imports networks "
                + "into CityBrain's formats. 'citybrain COMMAND --help' tells more.",
        footer = {
            "",
            "Exit codes: 0 success, 1 input error (file missing or invalid), 2 usage error, 3 internal error.",
            "Set CITYBRAIN_DEBUG=1 or pass --verbose to see stack traces.",
        })
public final class CityBrainCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (same as CITYBRAIN_DEBUG=1).")
    boolean verbose;

    private CityBrainCli() {
    }

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.fromSystem();
        int code;
        try {
            code = commandLine(env).execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            CliErrors.printFatal(e, new PrintWriter(System.err, true), env.debug() || List.of(args).contains("--verbose"));
            code = e instanceof OutOfMemoryError ? CliErrors.INPUT_ERROR : CliErrors.INTERNAL_ERROR;
        }
        System.exit(code);
    }

    /** The command line with every subcommand and the error handling wired, ready to execute. */
    static CommandLine commandLine(CliEnvironment env) {
        CommandLine cli = new CommandLine(new CityBrainCli());
        cli.addSubcommand("simulate", new SimulateCommand(env));
        cli.addSubcommand("evaluate", new EvaluateCommand());
        cli.addSubcommand("emergency", new EmergencyCommand());
        cli.addSubcommand("import", new ImportCommand());
        cli.addSubcommand("serve", new ServeCommand());
        cli.addSubcommand("demo", new DemoCommand(env));
        cli.addSubcommand("parking-eval", new ParkingEvalCommand());
        cli.addSubcommand("version", new VersionCommand());
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        CliErrors errors = new CliErrors(env);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return cli;
    }

    /** Without a subcommand: show the usage on stderr and fail as a usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given; choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
