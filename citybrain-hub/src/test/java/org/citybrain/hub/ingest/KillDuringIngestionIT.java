package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citybrain.hub.KillNine;
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
        List<Integer> acknowledged = KillNine.acknowledgementsUntilKilled(IngestingChild.class, dir, ACKS_BEFORE_KILL)
                .stream().map(Integer::parseInt).toList();

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
