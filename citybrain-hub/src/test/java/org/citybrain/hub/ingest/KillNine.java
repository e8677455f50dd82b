package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;

/**
 * The kill test's two halves, for any store: run an {@link IngestingChild}, SIGKILL it once it has
 * acknowledged enough readings, and check the store afterwards.
 */
final class KillNine {
    private static final int ACKS_BEFORE_KILL = 400;

    private KillNine() {
    }

    /** A child JVM running {@link IngestingChild} with {@code args}, on this test's class path. */
    static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IngestingChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /** Starts {@code child}, kills it with SIGKILL after enough acknowledgements, returns them all. */
    static List<Integer> acknowledgedUntilKilled(ProcessBuilder child) throws IOException, InterruptedException {
        return org.citybrain.hub.KillNine.acknowledgementsUntilKilled(child, ACKS_BEFORE_KILL).stream()
                .map(Integer::parseInt).toList();
    }

    /** Every acknowledged reading is in {@code store}, and no reading is there twice. */
    static void assertStoredOnce(ReadingStore store, List<Integer> acknowledged) {
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
