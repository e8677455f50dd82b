package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citybrain.hub.KillNine;
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
        checkAfterKill(KillNine.acknowledgementsUntilKilled(EntityWritingChild.class, dir, ACKS_BEFORE_KILL));
    }

    @Test
    void everyAcknowledgedEntityWriteSurvivesKillNineWhileTheLogIsCompactedOnline() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // compacted from 16 KiB on: many compactions while the writes run, one likely under way at the kill
        checkAfterKill(KillNine.acknowledgementsUntilKilled(new ProcessBuilder(java.toString(), "-cp",
                System.getProperty("java.class.path"), EntityWritingChild.class.getName(), dir.toString(), "16384")
                .redirectError(ProcessBuilder.Redirect.INHERIT), 4 * ACKS_BEFORE_KILL));
    }

    private void checkAfterKill(List<String> lines) {
        List<String[]> acknowledged = lines.stream().map(line -> line.split(" ")).toList();

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
