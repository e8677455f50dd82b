package org.citybrain.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;

/** Runs the command line in-process, capturing what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return run(new CliEnvironment(ProjectHome.root(), false, false), args);
    }

    static CliRun run(CliEnvironment env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CityBrainCli.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Lines printed on stderr, without the trailing empty one. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }
}

/** The project directory, found upwards from wherever the tests run (module dir under Maven, root in an IDE). */
final class ProjectHome {
    private ProjectHome() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scenarios")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("project directory with scenarios/ not found above " + Path.of("").toAbsolutePath());
    }

    static String scenario(String relative) {
        return root().resolve("scenarios").resolve(relative).toString();
    }
}
