package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is writing entities, with SIGKILL, and checks after reopening that every
 * create and append it had acknowledged is there, with its history, and that no entity is half
 * written.
 */
class KillDuringEntityWritesIT {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntityWriteSurvivesKillNineWhole() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EntityWritingChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String[]> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                acknowledged.add(line.trim().split(" "));
            }
            // SIGKILL through the handle, which keeps the pipe open for acknowledgements already written
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    acknowledged.add(line.trim().split(" "));
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();

        try (WalStore readings = WalStore.open(dir.resolve("wal"));
                EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
            Entity shared = store.find(EntityWritingChild.SHARED).orElseThrow();
            for (String[] ack : acknowledged) {
                int thread = Integer.parseInt(ack[1]);
                int n = Integer.parseInt(ack[2]);
                if (ack[0].equals("c")) {
                    Entity e = store.find(EntityWritingChild.created(thread, n)).orElseThrow(
                            () -> new AssertionError("acknowledged create lost: " + thread + " " + n));
                    assertThat(e.property("n").orElseThrow().value().asInt()).isEqualTo(n);
                } else {
                    // a later append of the same lane may have landed without its acknowledgement
                    assertThat(shared.property("lane" + thread).orElseThrow().value().asInt()).isGreaterThanOrEqualTo(n);
                    List<Reading> history = readings.history(EntityWritingChild.SHARED, "lane" + thread, Instant.EPOCH, Instant.MAX);
                    assertThat(history).as("history of lane %d", thread)
                            .anySatisfy(r -> assertThat(r.value()).isEqualTo("{\"type\":\"Property\",\"value\":" + n + "}"));
                }
            }
            EntityQuery all = new EntityQuery(Set.of("Counter"), Set.of(), Optional.empty(), Set.of(), Optional.empty(),
                    0, 1_000_000, false);
            for (Entity e : store.query(all).entities()) {
                if (!e.id().equals(EntityWritingChild.SHARED)) {
                    assertThat(e.attributes()).as("whole: %s", e.id()).containsOnlyKeys("n", "twice");
                    assertThat(e.property("twice").orElseThrow().value().asLong())
                            .isEqualTo(2L * e.property("n").orElseThrow().value().asLong());
                }
            }
        }
    }
}
