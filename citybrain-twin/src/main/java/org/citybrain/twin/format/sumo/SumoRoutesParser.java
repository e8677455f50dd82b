package org.citybrain.twin.format.sumo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.twin.Flow;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.VehicleType;

/**
 * Reads a SUMO {@code .rou.xml} into flows on a network; see {@link SumoReader} for the mapping.
 * Collects the whole file first, so vehicle types and named routes may be defined after their use.
 */
final class SumoRoutesParser {
    /** SUMO's default vehicle type id; a vehicle without {@code type} uses it. */
    private static final String DEFAULT_TYPE = "DEFAULT_VEHTYPE";
    /** A flow without {@code end} runs for a day (SUMO's default). */
    private static final double DEFAULT_FLOW_END = 24 * 3600;

    /** SUMO's defaults for a passenger car where a {@code <vType>} leaves an attribute out. */
    private static final double ACCEL = 2.6;
    private static final double DECEL = 4.5;
    private static final double EMERGENCY_DECEL = 9;
    private static final double LENGTH = 5;
    private static final double MIN_GAP = 2.5;
    private static final double MAX_SPEED = 55.55;
    private static final double TAU = 1;
    private static final double WIDTH = 1.8;

    private record RouteRec(List<String> edges, int line) {
    }

    /** A vehicle or flow: one twin flow. {@code route} is set by a nested {@code <route>}, else {@code routeRef}. */
    private static final class Demand {
        final String id;
        final String type;
        final String routeRef;
        final double interval;
        final double start;
        final double end;
        final String where;
        RouteRec route;

        Demand(String id, String type, String routeRef, double interval, double start, double end, String where) {
            this.id = id;
            this.type = type;
            this.routeRef = routeRef;
            this.interval = interval;
            this.start = start;
            this.end = end;
            this.where = where;
        }
    }

    private final String source;
    private final Map<String, VehicleType> types = new HashMap<>();
    private final Map<String, RouteRec> routes = new HashMap<>();
    private final List<Demand> demands = new ArrayList<>();

    private SumoRoutesParser(String source) {
        this.source = source;
    }

    static Scenario read(RoadNetwork network, Path file) {
        SumoRoutesParser p = new SumoRoutesParser(file.toString());
        try (XmlCursor xml = XmlCursor.open(file)) {
            p.collect(xml);
        }
        return p.build(network);
    }

    private void collect(XmlCursor xml) {
        if (!xml.next()) {
            throw new TwinFormatException(source, "", "not a SUMO route file: the file has no elements");
        }
        if (!xml.name().equals("routes") && !xml.name().equals("additional")) {
            throw xml.fail("not a SUMO route file: the root element is <" + xml.name() + ">, expected <routes>");
        }
        Demand current = null;
        Set<String> ids = new HashSet<>();
        while (xml.next()) {
            String name = xml.name();
            if (xml.depth() == 2) {
                current = null;
            }
            switch (name) {
                case "vType" -> {
                    if (xml.depth() != 2) {
                        throw xml.fail("<vType> must be a child of <routes>; vTypeDistribution is not supported");
                    }
                    vType(xml);
                }
                case "route" -> {
                    RouteRec route = new RouteRec(List.of(xml.required("edges").trim().split("\\s+")), xml.line());
                    if (xml.depth() == 2) {
                        if (routes.putIfAbsent(xml.required("id"), route) != null) {
                            throw xml.fail("duplicate route id '" + xml.attr("id") + "'");
                        }
                    } else if (current != null && xml.depth() == 3) {
                        current.route = route;
                    } else {
                        throw xml.fail("<route> must be top-level or inside a <vehicle> or <flow>");
                    }
                }
                case "vehicle" -> current = add(xml, ids, vehicle(xml));
                case "flow" -> current = add(xml, ids, flow(xml));
                case "trip" -> throw xml.fail("trips need routing; convert with duarouter");
                case "routeDistribution", "vTypeDistribution", "person", "personFlow", "container",
                     "containerFlow", "stop" -> throw xml.fail("<" + name + "> is not supported");
                default -> {
                    // param, interval and other annotations carry nothing the twin keeps
                }
            }
        }
    }

    private Demand add(XmlCursor xml, Set<String> ids, Demand d) {
        if (xml.depth() != 2) {
            throw xml.fail("<" + xml.name() + "> must be a child of <routes>");
        }
        if (!ids.add(d.id)) {
            throw xml.fail("duplicate vehicle or flow id '" + d.id + "'");
        }
        demands.add(d);
        return d;
    }

    private void vType(XmlCursor xml) {
        String id = xml.required("id");
        double accel = xml.optionalDouble("accel", ACCEL);
        double decel = xml.optionalDouble("decel", DECEL);
        double emergency = xml.optionalDouble("emergencyDecel", Math.max(decel, EMERGENCY_DECEL));
        VehicleType type;
        try {
            type = new VehicleType(xml.optionalDouble("length", LENGTH), xml.optionalDouble("width", WIDTH), accel,
                    emergency, accel, decel, xml.optionalDouble("minGap", MIN_GAP),
                    xml.optionalDouble("maxSpeed", MAX_SPEED), xml.optionalDouble("tau", TAU));
        } catch (IllegalArgumentException e) {
            throw new TwinFormatException(source, xml.where(), "vType '" + id + "': " + e.getMessage(), e);
        }
        if (types.putIfAbsent(id, type) != null) {
            throw xml.fail("duplicate vType id '" + id + "'");
        }
    }

    private Demand vehicle(XmlCursor xml) {
        String id = xml.required("id");
        String depart = xml.required("depart");
        double time;
        try {
            time = Double.parseDouble(depart.trim());
        } catch (NumberFormatException e) {
            throw xml.fail("vehicle '" + id + "' has depart='" + depart
                    + "'; only a departure time in seconds is supported");
        }
        if (!(time >= 0) || !Double.isFinite(time)) {
            throw xml.fail("vehicle '" + id + "' has depart='" + depart + "'; it must be a time >= 0 seconds");
        }
        return new Demand(id, typeOf(xml), xml.attr("route"), 1, time, time, xml.where());
    }

    /**
     * A SUMO flow inserts vehicles at {@code begin}, {@code begin + period}, ... while the time is
     * before {@code end} (or {@code number} of them); the twin's flow ends at the last vehicle.
     */
    private Demand flow(XmlCursor xml) {
        String id = xml.required("id");
        if (xml.attr("route") == null && (xml.attr("from") != null || xml.attr("to") != null)) {
            throw xml.fail("flow '" + id + "' has from/to but no route; flows without routes need routing;"
                    + " convert with duarouter");
        }
        if (xml.attr("probability") != null) {
            throw xml.fail("flow '" + id + "' uses probability (random insertion), which is not supported;"
                    + " use period, vehsPerHour or number");
        }
        double begin = xml.optionalDouble("begin", 0);
        double end = xml.optionalDouble("end", DEFAULT_FLOW_END);
        String period = xml.attr("period");
        String perHour = xml.attr("vehsPerHour");
        String number = xml.attr("number");
        double interval;
        long count;
        if (period != null && perHour != null) {
            throw xml.fail("flow '" + id + "' has both period and vehsPerHour; give one");
        }
        if (period != null || perHour != null) {
            interval = period != null ? xml.optionalDouble("period", 0) : 3600 / xml.optionalDouble("vehsPerHour", 0);
            if (!(interval > 0) || !Double.isFinite(interval)) {
                throw xml.fail("flow '" + id + "' needs a period > 0 seconds (or vehsPerHour > 0)");
            }
            count = number != null ? xml.requiredInt("number") : (long) Math.ceil((end - begin) / interval - 1e-9);
        } else if (number != null) {
            count = xml.requiredInt("number");
            interval = (end - begin) / count;
            if (!(interval > 0)) {
                throw xml.fail("flow '" + id + "' spreads " + number + " vehicles over begin=" + begin + ", end=" + end
                        + "; end must be after begin and number > 0");
            }
        } else {
            throw xml.fail("flow '" + id + "' needs one of period, vehsPerHour or number");
        }
        if (count <= 0) {
            throw xml.fail("flow '" + id + "' inserts no vehicles (begin=" + begin + ", end=" + end + ")");
        }
        return new Demand(id, typeOf(xml), xml.attr("route"), interval, begin, begin + (count - 1) * interval,
                xml.where());
    }

    private static String typeOf(XmlCursor xml) {
        String type = xml.attr("type");
        return type == null ? DEFAULT_TYPE : type;
    }

    private Scenario build(RoadNetwork network) {
        Scenario.FlowsBuilder flows = Scenario.flows(network, source);
        for (Demand d : demands) {
            RouteRec route = d.route;
            if (route == null) {
                if (d.routeRef == null) {
                    throw new TwinFormatException(source, d.where, "'" + d.id + "' has neither a route attribute nor"
                            + " a <route> child");
                }
                route = routes.get(d.routeRef);
                if (route == null) {
                    throw new TwinFormatException(source, d.where, "'" + d.id + "' uses unknown route '" + d.routeRef
                            + "'");
                }
            }
            VehicleType type = types.get(d.type);
            if (type == null) {
                if (!d.type.equals(DEFAULT_TYPE)) {
                    throw new TwinFormatException(source, d.where,
                            "'" + d.id + "' uses unknown vType '" + d.type + "'");
                }
                type = VehicleType.DEFAULT;
            }
            Flow flow;
            try {
                flow = new Flow(d.id, type, route.edges, d.interval, d.start, d.end);
            } catch (IllegalArgumentException e) {
                throw new TwinFormatException(source, d.where, e.getMessage(), e);
            }
            flows.add(flow, "line " + route.line);
        }
        return flows.build();
    }
}
