package org.citybrain.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data directories for server tests. Spring caches application contexts across test classes and
 * reads the data directory before JUnit would inject a {@code @TempDir}, so each test class makes
 * its own under {@code target/}, where {@code mvn clean} removes it.
 */
public final class TestData {

    private TestData() {
    }

    public static Path newDirectory() {
        try {
            Path target = Path.of("target", "test-data");
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
