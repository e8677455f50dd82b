package org.citybrain.cli;

import java.util.Optional;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Keeps Spring Boot's analysis of a failed start (what went wrong, what to do) for the command
 * that started the server to report in its own one line, instead of Spring's multi-line banner
 * on stdout ({@code APPLICATION FAILED TO START}), which {@code serve} switches off.
 *
 * <p>Registered in {@code META-INF/spring.factories}; Spring calls it on the thread that runs the
 * application, so the analysis is kept per thread until {@link #take()}.
 */
public final class StartFailureAnalysis implements FailureAnalysisReporter {

    /** The logger of Spring's own reporter, which {@code serve} sets to OFF. */
    static final String SPRING_REPORTER = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    private static final ThreadLocal<FailureAnalysis> LAST = new ThreadLocal<>();

    @Override
    public void report(FailureAnalysis analysis) {
        LAST.set(analysis);
    }

    /** The analysis of this thread's last failed start, if Spring had one; forgotten once taken. */
    static Optional<FailureAnalysis> take() {
        FailureAnalysis analysis = LAST.get();
        LAST.remove();
        return Optional.ofNullable(analysis);
    }
}
