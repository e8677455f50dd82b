package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class CityBrainCliTest {

    @Test
    void helpListsEveryCommand() {
        CliRun r = CliRun.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("simulate", "import", "demo", "version", "help", "Exit codes");
    }

    @Test
    void noCommandShowsTheUsageAndIsAUsageError() {
        CliRun r = CliRun.run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: citybrain").contains("citybrain: error: no command given");
    }

    @Test
    void misspelledCommandSuggestsTheRightOne() {
        CliRun r = CliRun.run("simulat");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("citybrain: error: Unmatched argument at index 0: 'simulat'; did you mean 'simulate'?");
    }

    @Test
    void versionPrintsTheProjectVersionAndJava() {
        CliRun r = CliRun.run("version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("citybrain ").contains("Java " + System.getProperty("java.version"));
        assertThat(r.out()).doesNotContain("${");
    }

    @Test
    void versionOptionPrintsTheSameAsTheCommand() {
        assertThat(CliRun.run("--version").out()).isEqualTo(CliRun.run("version").out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"simulate", "import", "demo", "version"}) {
            CliRun r = CliRun.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: citybrain " + command);
        }
    }

    @Test
    void internalErrorIsOneLineWithAHintAndExitCodeThree() {
        StringWriter err = new StringWriter();
        int code = handle(new IllegalStateException("boom"), false, err, "version");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("citybrain: error: internal error: IllegalStateException: boom "
                + "(rerun with --verbose for the stack trace)" + System.lineSeparator());
    }

    @Test
    void verboseOptionPrintsTheStackTrace() {
        StringWriter err = new StringWriter();
        handle(new IllegalStateException("boom"), false, err, "version", "--verbose");

        assertThat(err.toString()).contains("java.lang.IllegalStateException: boom", "\tat ");
    }

    @Test
    void debugEnvironmentPrintsTheStackTrace() {
        StringWriter err = new StringWriter();
        handle(new IllegalStateException("boom"), true, err, "version");

        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void inputErrorsExitWithOne() {
        StringWriter err = new StringWriter();
        int code = handle(new org.citybrain.twin.TwinFormatException("roadnet.json", "$.roads[3]", "unknown road 'x'"),
                false, err, "version");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("citybrain: error: roadnet.json: $.roads[3]: unknown road 'x'"
                + System.lineSeparator());
    }

    private static int handle(Exception e, boolean debug, StringWriter err, String... args) {
        CliEnvironment env = new CliEnvironment(ProjectHome.root(), false, debug);
        CommandLine cli = CityBrainCli.commandLine(env);
        cli.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return new CliErrors(env).handleExecutionException(e, cli, parsed);
    }
}
