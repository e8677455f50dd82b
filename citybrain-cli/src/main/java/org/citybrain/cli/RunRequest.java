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
 * @param detectors  where to write the detector readings (CSV), if anywhere
 * @param detectorSeconds length of one detector interval in simulated seconds
 */
record RunRequest(Path roadnet, Path flow, Optional<ScenarioFormat> format, int steps, String controller,
                  SimulationConfig config, Optional<Path> report, Optional<Path> detectors, double detectorSeconds) {
    RunRequest {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(detectorSeconds > 0)) {
            throw new IllegalArgumentException("detector interval must be > 0 s, got " + detectorSeconds);
        }
    }
}
