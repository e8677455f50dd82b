package org.citybrain.cli;

import java.nio.file.Path;
import java.util.Optional;

import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;

import picocli.CommandLine.Option;

/** The scenario options every simulating command takes: {@code --roadnet}, {@code --flow}, {@code --format}. */
final class ScenarioOptions {

    @Option(names = "--roadnet", required = true, paramLabel = "FILE",
            description = "Road network: CityFlow roadnet JSON, SUMO .net.xml or KDD Cup roadnet text.")
    Path roadnet;

    @Option(names = "--flow", required = true, paramLabel = "FILE",
            description = "Traffic demand on it: CityFlow flow JSON, SUMO .rou.xml or KDD Cup flow text.")
    Path flow;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.Format.class,
            completionCandidates = Converters.Format.class,
            description = "Format of both files: ${COMPLETION-CANDIDATES}. Default: detected from the road network "
                    + "file's content (JSON: cityflow, XML: sumo, text: kdd).")
    ScenarioFormat format;

    Optional<ScenarioFormat> format() {
        return Optional.ofNullable(format);
    }

    /**
     * Reads the scenario.
     *
     * @throws CliInputException for a missing file, {@link org.citybrain.twin.TwinFormatException} for an unusable one
     */
    Scenario load() {
        Inputs.requireFile(roadnet, "road network");
        Inputs.requireFile(flow, "flow");
        return ScenarioFormat.load(roadnet, flow, format());
    }
}
