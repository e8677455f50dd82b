package org.citybrain.twin.format.cityflow;

import java.nio.file.Path;

import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioReader;

/** Placeholder until the reader lands. */
public final class CityFlowReader implements ScenarioReader {
    @Override
    public RoadNetwork readNetwork(Path roadnet) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public Scenario read(Path roadnet, Path flow) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
