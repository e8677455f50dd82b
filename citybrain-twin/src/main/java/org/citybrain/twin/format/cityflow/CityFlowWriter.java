package org.citybrain.twin.format.cityflow;

import java.nio.file.Path;
import java.util.List;

import org.citybrain.twin.Flow;
import org.citybrain.twin.RoadNetwork;

/** Placeholder until the writer lands: writes the twin as CityFlow roadnet and flow JSON. */
public final class CityFlowWriter {
    private CityFlowWriter() {
    }

    public static void writeRoadnet(RoadNetwork network, Path out) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static void writeFlows(List<Flow> flows, Path out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
