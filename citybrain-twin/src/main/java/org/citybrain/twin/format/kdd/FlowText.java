package org.citybrain.twin.format.kdd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.VehicleType;

/**
 * Reads a KDD Cup flow file onto a network. Layout, one record per line:
 * <pre>
 * N                                    flow count
 * start_time end_time vehicle_interval N times, each followed by
 * k                                    the number of roads in the route
 * road_1 ... road_k                    the route, as road ids
 * </pre>
 */
final class FlowText {
    private FlowText() {
    }

    static Scenario read(TextCursor c, RoadNetwork network) {
        // route lists share the network's id strings instead of holding ~10^5 copies of them
        Map<String, String> ids = new HashMap<>(network.roads().size() * 2);
        for (Road r : network.roads()) {
            ids.put(r.id(), r.id());
        }
        Scenario.FlowsBuilder flows = Scenario.flows(network, c.source());
        VehicleType vehicle = vehicleFor(network);
        if (!c.next()) {
            throw c.errorAt(1, "file is empty: expected the number of flows");
        }
        c.expectTokens(1, "number of flows");
        int n = c.count(0, "number of flows");
        int countLine = c.line();
        for (int f = 0; f < n; f++) {
            if (!c.next()) {
                throw c.errorAt(countLine, "announces " + n + " flows, but the file ends after " + f);
            }
            c.expectTokens(3, "start_time end_time vehicle_interval", "flow", f, n, countLine);
            int timeLine = c.line();
            double start = c.number(0, "start_time");
            double end = c.number(1, "end_time");
            double interval = c.number(2, "vehicle_interval");
            if (end < start) {
                throw c.error("end_time " + c.token(1) + " is before start_time " + c.token(0));
            }
            if (!c.next()) {
                throw ended(c, countLine, n, f);
            }
            c.expectTokens(1, "number of roads in the route", "flow", f, n, countLine);
            int k = c.count(0, "number of roads in the route");
            int lengthLine = c.line();
            if (k == 0) {
                throw c.error("a route needs at least one road");
            }
            if (!c.next()) {
                throw ended(c, countLine, n, f);
            }
            if (c.tokenCount() != k) {
                throw c.error("route lists " + c.tokenCount() + " roads but line " + lengthLine + " announces " + k);
            }
            List<String> route = new ArrayList<>(k);
            for (int t = 0; t < k; t++) {
                String token = c.id(t, "road id");
                route.add(ids.getOrDefault(token, token));
            }
            Flow flow;
            try {
                flow = new Flow("flow_" + f, vehicle, route, interval, start, end);
            } catch (IllegalArgumentException e) {
                throw c.errorAt(timeLine, e);
            }
            flows.add(flow, "line " + c.line());
        }
        if (c.next()) {
            throw c.error("unexpected content after the " + n + " flows announced on line " + countLine);
        }
        return flows.build();
    }

    /**
     * CityFlow's default vehicle, but as fast as the fastest road allows: the format gives vehicles
     * no parameters and CBEngine drives them at each road's speed limit, which the lanes enforce.
     */
    static VehicleType vehicleFor(RoadNetwork network) {
        double fastest = 0;
        for (Road r : network.roads()) {
            for (org.citybrain.twin.Lane l : r.lanes()) {
                fastest = Math.max(fastest, l.maxSpeed());
            }
        }
        return fastest > 0 ? VehicleType.DEFAULT.withMaxSpeed(fastest) : VehicleType.DEFAULT;
    }

    private static TwinFormatException ended(TextCursor c, int countLine, int n, int f) {
        return c.errorAt(countLine, "announces " + n + " flows, but the file ends inside flow " + (f + 1));
    }
}
