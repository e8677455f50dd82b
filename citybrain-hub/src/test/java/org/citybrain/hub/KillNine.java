package org.citybrain.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child JVM that writes and prints one line per acknowledged write, kills it with SIGKILL
 * once it has acknowledged enough, and returns every line it printed, those still in the pipe
 * included. The kill -9 tests check afterwards that each acknowledged write survived.
 */
public final class KillNine {
    private KillNine() {
    }

    /**
     * @param child a class with a {@code main(String[])} that takes {@code dir} as its argument
     * @param acks  acknowledgements to read before the kill
     */
    public static List<String> acknowledgementsUntilKilled(Class<?> child, Path dir, int acks) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return acknowledgementsUntilKilled(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                child.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT), acks);
    }

    /** Starts {@code child}, kills it with SIGKILL after {@code acks} lines, returns every line it printed. */
    public static List<String> acknowledgementsUntilKilled(ProcessBuilder child, int acks) throws IOException, InterruptedException {
        Process process = child.start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acknowledged.size() < acks && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                acknowledged.add(line.trim());
            }
            // SIGKILL on Linux, as Process.destroyForcibly(), but through the handle, which leaves
            // the pipe open so that acknowledgements already written can still be read
            assertThat(process.toHandle().destroyForcibly()).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // acknowledgements already in the pipe when the child died count too
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    acknowledged.add(line.trim());
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(acks);
        assertThat(process.exitValue()).as("killed, not finished").isNotZero();
        return acknowledged;
    }
}
