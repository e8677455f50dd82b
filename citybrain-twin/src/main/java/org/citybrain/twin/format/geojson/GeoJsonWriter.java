package org.citybrain.twin.format.geojson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import org.citybrain.twin.GeoReference;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Lane;
import org.citybrain.twin.Point;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * Writes a road network as a GeoJSON FeatureCollection (RFC 7946) for map viewers: first one
 * {@code LineString} feature per road, in network order, then one {@code Point} feature per
 * intersection.
 * <ul>
 *   <li>Road properties: {@code id}, {@code startIntersection}, {@code endIntersection},
 *       {@code lanes} (count), {@code length} (centre line, metres, 2 decimals) and
 *       {@code maxSpeed} (the highest lane limit, m/s).</li>
 *   <li>Intersection properties: {@code id}, {@code virtual}, {@code signalised} and
 *       {@code phases} (number of signal phases, 0 when unsignalised).</li>
 * </ul>
 * Coordinates are WGS84 {@code [longitude, latitude]} rounded to 7 decimals (about 1 cm),
 * projected with the network's own {@link RoadNetwork#geoReference()} when it has one, else
 * with the given origin (equirectangular, see {@link GeoReference}). Road lines are the centre
 * lines as stored, not trimmed by intersection width. Output is compact UTF-8; an existing file
 * is replaced.
 */
public final class GeoJsonWriter {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private GeoJsonWriter() {
    }

    /**
     * @param origin where to place plane coordinates on the globe when the network has no
     *               geo reference of its own; may be {@code null} only when it has one
     * @throws NullPointerException when neither the network nor {@code origin} gives a reference
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(RoadNetwork network, GeoReference origin, Path out) {
        GeoReference geo = network.geoReference().orElseGet(() ->
                Objects.requireNonNull(origin, "network has no geo reference, so an origin is needed"));
        try (OutputStream os = Files.newOutputStream(out);
             JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (Road road : network.roads()) {
                writeRoad(g, geo, road);
            }
            for (Intersection in : network.intersections()) {
                writeIntersection(g, geo, in);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write GeoJSON " + out + ": " + e.getMessage(), e);
        }
    }

    private static void writeRoad(JsonGenerator g, GeoReference geo, Road road) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeObjectFieldStart("geometry");
        g.writeStringField("type", "LineString");
        g.writeArrayFieldStart("coordinates");
        for (Point p : road.points()) {
            writePosition(g, geo, p);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("id", road.id());
        g.writeStringField("startIntersection", road.startIntersection());
        g.writeStringField("endIntersection", road.endIntersection());
        g.writeNumberField("lanes", road.lanes().size());
        g.writeNumberField("length", round(road.length(), 2));
        double maxSpeed = 0;
        for (Lane lane : road.lanes()) {
            maxSpeed = Math.max(maxSpeed, lane.maxSpeed());
        }
        g.writeNumberField("maxSpeed", maxSpeed);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeIntersection(JsonGenerator g, GeoReference geo, Intersection in) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeObjectFieldStart("geometry");
        g.writeStringField("type", "Point");
        g.writeFieldName("coordinates");
        writePosition(g, geo, in.point());
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("id", in.id());
        g.writeBooleanField("virtual", in.virtual());
        g.writeBooleanField("signalised", in.signal().isPresent());
        g.writeNumberField("phases", in.signal().map(s -> s.phases().size()).orElse(0));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writePosition(JsonGenerator g, GeoReference geo, Point p) throws IOException {
        double[] lonLat = geo.toLonLat(p);
        g.writeStartArray();
        g.writeNumber(round(lonLat[0], 7));
        g.writeNumber(round(lonLat[1], 7));
        g.writeEndArray();
    }

    private static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
