package org.citybrain.twin;

import java.util.ArrayList;
import java.util.List;

/**
 * A road network with the traffic demand to run on it. Every flow's route is validated against
 * the network: each road exists and consecutive roads are joined by a road link.
 */
public record Scenario(RoadNetwork network, List<Flow> flows) {
    public Scenario {
        if (network == null) {
            throw new IllegalArgumentException("scenario needs a road network");
        }
        flows = List.copyOf(flows);
    }

    public static FlowsBuilder flows(RoadNetwork network, String source) {
        return new FlowsBuilder(network, source);
    }

    /** Collects flows with the place each came from and checks their routes against the network. */
    public static final class FlowsBuilder {
        private final RoadNetwork network;
        private final String source;
        private final List<Flow> flows = new ArrayList<>();

        private FlowsBuilder(RoadNetwork network, String source) {
            this.network = network;
            this.source = source;
        }

        /**
         * @param where the flow's place in the source, e.g. {@code $[12]} or {@code line 40}
         * @throws TwinFormatException for an unknown road or a route that is not connected
         */
        public FlowsBuilder add(Flow flow, String where) {
            List<String> route = flow.route();
            for (int i = 0; i < route.size(); i++) {
                if (network.road(route.get(i)).isEmpty()) {
                    throw new TwinFormatException(source, where + ".route[" + i + "]", "unknown road '" + route.get(i) + "'");
                }
                if (i > 0 && !network.connects(route.get(i - 1), route.get(i))) {
                    throw new TwinFormatException(source, where + ".route[" + i + "]", "route is not connected: no road link from '"
                            + route.get(i - 1) + "' to '" + route.get(i) + "'");
                }
            }
            flows.add(flow);
            return this;
        }

        public Scenario build() {
            return new Scenario(network, flows);
        }
    }
}
