package org.citybrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** What the commands that compare signal controllers share: running them side by side, the report, the figures. */
final class ControllerRuns {
    private ControllerRuns() {
    }

    /**
     * {@code run} applied to every controller name on {@code threads} threads; results in the names'
     * order. A failure of one run is rethrown as it was (wrapped only when checked).
     */
    static <R> List<R> inParallel(List<String> names, int threads, Function<String, R> run) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> run.apply(name)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException(new IOException(cause));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes {@code value} as indented JSON to {@code report} (parent directories created) and says so. */
    static void writeReport(Path report, Object value, PrintWriter out) throws IOException {
        Path file = report.toAbsolutePath();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
        out.printf(Locale.ROOT, "report %s%n", report);
    }

    /** {@code 123.4 s}, or {@code n/a} for a figure that does not exist. */
    static String seconds(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", v);
    }
}
