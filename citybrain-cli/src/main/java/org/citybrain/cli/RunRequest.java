package org.citybrain.cli;

import java.nio.file.Path;
import java.util.Optional;

import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.format.ScenarioFormat;

/**
 * One simulation the user asked for, validated.
 *
 * @param format     the files' format; empty to detect it from the road network file
 * @param controller a name known to {@link Controllers}
 * @param report     where to write the JSON report, if anywhere
 */
record RunRequest(Path roadnet, Path flow, Optional<ScenarioFormat> format, int steps, String controller,
                  SimulationConfig config, Optional<Path> report) {
    RunRequest {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
    }
}
