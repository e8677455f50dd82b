package org.citybrain.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * What the commands take from the process around them, gathered in one place so tests can set it.
 *
 * @param home        the project directory holding {@code scenarios/}: system property
 *                    {@code citybrain.home} (set by the launcher), else the current directory
 * @param interactive whether a person watches: enables the progress bar
 * @param debug       whether errors print their stack trace (env {@code CITYBRAIN_DEBUG=1})
 */
record CliEnvironment(Path home, boolean interactive, boolean debug) {

    static CliEnvironment fromSystem() {
        String home = System.getProperty("citybrain.home");
        Path dir = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        return new CliEnvironment(dir.toAbsolutePath().normalize(), isTerminal(System.console()),
                "1".equals(System.getenv("CITYBRAIN_DEBUG")) || "true".equalsIgnoreCase(System.getenv("CITYBRAIN_DEBUG")));
    }

    /**
     * Up to JDK 21 {@code System.console()} is null unless stdin and stdout are a terminal; from
     * JDK 22 it may be non-null when redirected, and {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
