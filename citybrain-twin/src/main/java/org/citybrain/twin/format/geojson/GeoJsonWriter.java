package org.citybrain.twin.format.geojson;

import java.nio.file.Path;

import org.citybrain.twin.GeoReference;
import org.citybrain.twin.RoadNetwork;

/** Placeholder until the writer lands: writes the network as a GeoJSON FeatureCollection for maps. */
public final class GeoJsonWriter {
    private GeoJsonWriter() {
    }

    /**
     * @param origin where to place plane coordinates on the globe when the network has no
     *               geo reference of its own
     */
    public static void write(RoadNetwork network, GeoReference origin, Path out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
