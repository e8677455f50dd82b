package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer thread reads the oldest request whose history is still pending while request
 * threads mark theirs done: a request finishing between "is any pending?" and "which is the
 * oldest?" must not fail the log (it did once in CI: {@code NoSuchElementException} from the set,
 * and the store then refused every write until reopened).
 */
class ContextLogHistoryRaceTest {

    @Test
    void requestsFinishingTheirHistoryWhileTheWriterLooksNeverFailTheLog(@TempDir Path dir) throws Exception {
        int threads = 8;
        int perThread = 3_000;
        try (ContextLog log = ContextLog.open(dir, record -> { })) {
            log.start();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            long seq = log.append(List.of(ContextRecords.delete(URI.create("urn:x:" + thread + ":" + i), Instant.EPOCH)), true);
                            log.historyDone(seq);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(); // a failed log fails every later append with a StoreException
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
