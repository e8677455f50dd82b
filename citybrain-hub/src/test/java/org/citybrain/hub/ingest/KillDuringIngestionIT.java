package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is ingesting, with SIGKILL, and checks that every reading it had acknowledged
 * is in the store after reopening, exactly once.
 */
class KillDuringIngestionIT {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadingSurvivesKillNine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                IngestingChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Integer> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                acknowledged.add(Integer.parseInt(line.trim()));
            }
            // SIGKILL on Linux, as Process.destroyForcibly(), but through the handle, which leaves
            // the pipe open so that acknowledgements already written can still be read
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // acknowledgements already in the pipe when the child died count too
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    acknowledged.add(Integer.parseInt(line.trim()));
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();

        try (WalStore store = WalStore.open(dir.resolve("wal"))) {
            List<Reading> history = store.history(URI.create(IngestingChild.ENTITY), "counter", Instant.EPOCH, Instant.MAX);
            Set<Instant> times = new HashSet<>();
            for (Reading r : history) {
                assertThat(times.add(r.observedAt())).as("stored once: %s", r.observedAt()).isTrue();
            }
            for (int index : acknowledged) {
                assertThat(times).as("acknowledged reading %d", index).contains(IngestingChild.observedAt(index));
            }
        }
    }
}
