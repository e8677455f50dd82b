package org.citybrain.hub.ingest;

import java.nio.file.Path;
import java.util.List;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is ingesting into the write-ahead log, with SIGKILL, and checks that every
 * reading it had acknowledged is in the store after reopening, exactly once.
 */
class KillDuringIngestionIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadingSurvivesKillNine() throws Exception {
        List<Integer> acknowledged = KillNine.acknowledgedUntilKilled(KillNine.child("wal", dir.resolve("wal").toString()));

        try (WalStore store = WalStore.open(dir.resolve("wal"))) {
            KillNine.assertStoredOnce(store, acknowledged);
        }
    }
}
