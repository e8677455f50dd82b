package org.citybrain.govern.cases;

/** A WGS84 position, degrees. */
public record GeoPoint(double lat, double lon) {
    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("not a WGS84 position: lat " + lat + ", long " + lon);
        }
    }
}
