package org.citybrain.twin.format.kdd;

import java.util.List;

import org.citybrain.twin.Flow;
import org.citybrain.twin.RoadNetwork;

/** Test helper: checks a flow's route against the network independently of the reader. */
final class Routes {
    private Routes() {
    }

    static boolean connected(RoadNetwork network, Flow flow) {
        List<String> route = flow.route();
        for (int i = 0; i < route.size(); i++) {
            if (network.road(route.get(i)).isEmpty()) {
                return false;
            }
            if (i > 0 && !network.connects(route.get(i - 1), route.get(i))) {
                return false;
            }
        }
        return true;
    }
}
