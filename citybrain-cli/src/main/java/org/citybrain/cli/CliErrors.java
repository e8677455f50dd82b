package org.citybrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;

import org.citybrain.twin.TwinFormatException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become a line on stderr and an exit code: {@code citybrain: error:
 * <message>}, no stack trace unless {@code --verbose} or {@code CITYBRAIN_DEBUG=1}.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int INPUT_ERROR = 1;
    static final int USAGE_ERROR = 2;
    static final int INTERNAL_ERROR = 3;

    private static final String PREFIX = "citybrain: error: ";

    private final CliEnvironment env;

    CliErrors(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        StringBuilder line = new StringBuilder(PREFIX).append(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean '").append(unmatched.getSuggestions().get(0)).append("'?");
        }
        line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
        err.println(line);
        if (env.debug() || Arrays.asList(args).contains("--verbose")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = env.debug() || verboseGiven(parseResult);
        int code;
        String message;
        if (ex instanceof TwinFormatException || ex instanceof CliInputException) {
            code = INPUT_ERROR;
            message = ex.getMessage();
        } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            code = INPUT_ERROR;
            message = ex instanceof UncheckedIOException u
                    ? (u.getMessage().equals(u.getCause().toString()) ? describe(u.getCause()) : u.getMessage())
                    : describe((IOException) ex);
        } else {
            code = INTERNAL_ERROR;
            message = "internal error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + (verbose ? "" : " (rerun with --verbose for the stack trace)");
        }
        err.println(PREFIX + message);
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Prints an error that escaped picocli (an {@link Error} such as running out of memory). */
    static void printFatal(Throwable t, PrintWriter err, boolean verbose) {
        if (t instanceof OutOfMemoryError) {
            err.println(PREFIX + "out of memory (" + t.getMessage()
                    + "); give Java more heap, e.g. CITYBRAIN_JAVA_OPTS=-Xmx8g ./citybrain ...");
        } else {
            err.println(PREFIX + "internal error: " + t);
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
    }

    /** Turns the JDK's terse file exceptions ("roadnet.json") into words. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists and is not a directory: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a directory: " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean verboseGiven(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
