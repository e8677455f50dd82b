package org.citybrain.twin.format;

import java.nio.file.Path;

import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.TwinFormatException;

/** Reads one file format into the twin. Implementations are stateless and thread-safe. */
public interface ScenarioReader {

    /**
     * Reads a road network alone.
     *
     * @throws TwinFormatException naming the file, the place in it and the reason, for unreadable,
     *                             malformed or inconsistent input
     */
    RoadNetwork readNetwork(Path roadnet);

    /**
     * Reads a road network and the traffic demand on it.
     *
     * @throws TwinFormatException as {@link #readNetwork(Path)}, also for flows whose routes do not
     *                             exist in or are not connected through the network
     */
    Scenario read(Path roadnet, Path flow);
}
