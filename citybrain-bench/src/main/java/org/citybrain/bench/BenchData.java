package org.citybrain.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the bundled scenarios: under {@code -Dcitybrain.home}, else under the working directory. */
final class BenchData {
    static final String HOME_PROPERTY = "citybrain.home";

    private BenchData() {
    }

    /**
     * The file {@code relative} (e.g. {@code scenarios/hangzhou_4x4/roadnet_4_4.json}) under the
     * project root.
     *
     * @throws IllegalStateException saying where it looked and how to point it elsewhere
     */
    static Path file(String relative) {
        String home = System.getProperty(HOME_PROPERTY);
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        Path p = root.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("benchmark data not found: " + p.toAbsolutePath() + " ("
                    + (home != null ? "-D" + HOME_PROPERTY + "=" + home : "working directory, no -D" + HOME_PROPERTY)
                    + "); run from the repository root or pass -D" + HOME_PROPERTY + "=/path/to/citybrain");
        }
        return p;
    }
}
