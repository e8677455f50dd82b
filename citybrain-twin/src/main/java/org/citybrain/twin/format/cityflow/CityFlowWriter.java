package org.citybrain.twin.format.cityflow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.LaneLink;
import org.citybrain.twin.Phase;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadLink;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.SignalPlan;
import org.citybrain.twin.Turn;
import org.citybrain.twin.VehicleType;

/**
 * Writes the twin as CityFlow roadnet and flow JSON that CityFlow itself can load, and that
 * {@link CityFlowReader} reads back to an equal network and equal flows, with these limits:
 * <ul>
 *   <li>CityFlow has no U-turn: {@link Turn#U_TURN} road links are written as {@code turn_left}
 *       (and read back as {@link Turn#LEFT}).</li>
 *   <li>CityFlow requires a traffic light on every non-virtual intersection. An unsignalised one
 *       is written with a single phase of one day (86,400 s) that lets every road link go;
 *       CityFlow cycles a one-phase plan back to itself, so the links never turn red, and
 *       {@link CityFlowReader} reads such a plan back as unsignalised.</li>
 *   <li>{@code direction} of a road link is not in the model; it is derived from the heading of
 *       the start road's last segment: 0 east, 1 north, 2 west, 3 south (what CityFlow's
 *       generated grids, such as Hangzhou 4x4, hold).</li>
 *   <li>An intersection's {@code roads} lists the roads ending there, then those starting there,
 *       each in network order.</li>
 *   <li>CityFlow reads a flow's {@code startTime} and {@code endTime} as whole seconds. Whole
 *       values are written as integers; fractional ones are written as they are, which
 *       {@link CityFlowReader} accepts but CityFlow rejects.</li>
 * </ul>
 * Output is compact UTF-8 JSON; an existing file is replaced.
 */
public final class CityFlowWriter {
    /** Phase length for the always-green plan of an unsignalised intersection: one day. */
    static final int ALWAYS_SECONDS = 86_400;

    private static final JsonFactory JSON = new JsonFactory();

    private CityFlowWriter() {
    }

    /**
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void writeRoadnet(RoadNetwork network, Path out) {
        Map<String, List<String>> roadsAt = roadsByIntersection(network);
        try (OutputStream os = Files.newOutputStream(out);
             JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("intersections");
            for (Intersection in : network.intersections()) {
                writeIntersection(g, network, in, roadsAt.getOrDefault(in.id(), List.of()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("roads");
            for (Road road : network.roads()) {
                writeRoad(g, road);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CityFlow roadnet " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the flows in list order; CityFlow names them {@code flow_<index>}, so the flows' own
     * ids are not written.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void writeFlows(List<Flow> flows, Path out) {
        try (OutputStream os = Files.newOutputStream(out);
             JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (Flow flow : flows) {
                writeFlow(g, flow);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CityFlow flows " + out + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> roadsByIntersection(RoadNetwork network) {
        Map<String, List<String>> incoming = new HashMap<>();
        Map<String, List<String>> outgoing = new HashMap<>();
        for (Road road : network.roads()) {
            incoming.computeIfAbsent(road.endIntersection(), k -> new ArrayList<>()).add(road.id());
            outgoing.computeIfAbsent(road.startIntersection(), k -> new ArrayList<>()).add(road.id());
        }
        Map<String, List<String>> all = new HashMap<>();
        for (Intersection in : network.intersections()) {
            List<String> roads = new ArrayList<>(incoming.getOrDefault(in.id(), List.of()));
            roads.addAll(outgoing.getOrDefault(in.id(), List.of()));
            all.put(in.id(), roads);
        }
        return all;
    }

    private static void writeIntersection(JsonGenerator g, RoadNetwork network, Intersection in, List<String> roads)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", in.id());
        g.writeFieldName("point");
        writePoint(g, in.point());
        writeNumberField(g, "width", in.width());
        g.writeArrayFieldStart("roads");
        for (String road : roads) {
            g.writeString(road);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("roadLinks");
        for (RoadLink link : in.roadLinks()) {
            writeRoadLink(g, network, link);
        }
        g.writeEndArray();
        if (!in.virtual()) {
            writeTrafficLight(g, in);
        }
        g.writeBooleanField("virtual", in.virtual());
        g.writeEndObject();
    }

    private static void writeRoadLink(JsonGenerator g, RoadNetwork network, RoadLink link) throws IOException {
        g.writeStartObject();
        Turn turn = link.turn() == Turn.U_TURN ? Turn.LEFT : link.turn();
        g.writeStringField("type", turn.cityFlowName());
        g.writeStringField("startRoad", link.startRoad());
        g.writeStringField("endRoad", link.endRoad());
        g.writeNumberField("direction", network.road(link.startRoad()).map(CityFlowWriter::direction).orElse(0));
        g.writeArrayFieldStart("laneLinks");
        for (LaneLink ll : link.laneLinks()) {
            g.writeStartObject();
            g.writeNumberField("startLaneIndex", ll.startLane());
            g.writeNumberField("endLaneIndex", ll.endLane());
            g.writeArrayFieldStart("points");
            for (Point p : ll.points()) {
                writePoint(g, p);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Heading of the road where it enters the intersection, in quarter turns from east. */
    private static int direction(Road road) {
        List<Point> pts = road.points();
        Point a = pts.get(pts.size() - 2);
        Point b = pts.get(pts.size() - 1);
        if (a.equals(b)) {
            return 0;
        }
        long quarter = Math.round(Math.atan2(b.y() - a.y(), b.x() - a.x()) / (Math.PI / 2));
        return (int) Math.floorMod(quarter, 4L);
    }

    private static void writeTrafficLight(JsonGenerator g, Intersection in) throws IOException {
        int n = in.roadLinks().size();
        List<Phase> phases = in.signal().map(SignalPlan::phases)
                .orElseGet(() -> List.of(new Phase(ALWAYS_SECONDS, allIndices(n))));
        g.writeObjectFieldStart("trafficLight");
        g.writeArrayFieldStart("roadLinkIndices");
        for (int k = 0; k < n; k++) {
            g.writeNumber(k);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lightphases");
        for (Phase phase : phases) {
            g.writeStartObject();
            writeNumberField(g, "time", phase.seconds());
            g.writeArrayFieldStart("availableRoadLinks");
            for (int k : phase.roadLinks()) {
                g.writeNumber(k);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            all.add(k);
        }
        return all;
    }

    private static void writeRoad(JsonGenerator g, Road road) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", road.id());
        g.writeArrayFieldStart("points");
        for (Point p : road.points()) {
            writePoint(g, p);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lanes");
        for (Lane lane : road.lanes()) {
            g.writeStartObject();
            writeNumberField(g, "width", lane.width());
            writeNumberField(g, "maxSpeed", lane.maxSpeed());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("startIntersection", road.startIntersection());
        g.writeStringField("endIntersection", road.endIntersection());
        if (road.declaredLength().isPresent()) {
            // CityFlow ignores this field; CityBrain reads it back so a KDD Cup road keeps its length
            writeNumberField(g, "length", road.declaredLength().getAsDouble());
        }
        g.writeEndObject();
    }

    private static void writeFlow(JsonGenerator g, Flow flow) throws IOException {
        VehicleType v = flow.vehicle();
        g.writeStartObject();
        g.writeObjectFieldStart("vehicle");
        writeNumberField(g, "length", v.length());
        writeNumberField(g, "width", v.width());
        writeNumberField(g, "maxPosAcc", v.maxPosAcc());
        writeNumberField(g, "maxNegAcc", v.maxNegAcc());
        writeNumberField(g, "usualPosAcc", v.usualPosAcc());
        writeNumberField(g, "usualNegAcc", v.usualNegAcc());
        writeNumberField(g, "minGap", v.minGap());
        writeNumberField(g, "maxSpeed", v.maxSpeed());
        writeNumberField(g, "headwayTime", v.headwayTime());
        g.writeEndObject();
        g.writeArrayFieldStart("route");
        for (String road : flow.route()) {
            g.writeString(road);
        }
        g.writeEndArray();
        writeNumberField(g, "interval", flow.interval());
        writeNumberField(g, "startTime", flow.startTime());
        writeNumberField(g, "endTime", flow.endTime());
        g.writeEndObject();
    }

    private static void writePoint(JsonGenerator g, Point p) throws IOException {
        g.writeStartObject();
        writeNumberField(g, "x", p.x());
        writeNumberField(g, "y", p.y());
        g.writeEndObject();
    }

    /**
     * Whole numbers as JSON integers, since CityFlow reads some fields (startTime, endTime) only as
     * int; -0.0 stays a double so that it reads back equal.
     */
    private static void writeNumberField(JsonGenerator g, String name, double value) throws IOException {
        g.writeFieldName(name);
        if (value == Math.rint(value) && Math.abs(value) < 1e15 && !isNegativeZero(value)) {
            g.writeNumber((long) value);
        } else {
            g.writeNumber(value);
        }
    }

    private static boolean isNegativeZero(double value) {
        return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0);
    }
}
