package org.citybrain.twin;

/**
 * An equirectangular projection around an origin, enough for a city: plane metres ↔ WGS84 degrees.
 * Error stays below 0.1% within ~50 km of the origin.
 */
public record GeoReference(double originLat, double originLon) {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    public GeoReference {
        if (!(originLat >= -90 && originLat <= 90) || !(originLon >= -180 && originLon <= 180)) {
            throw new IllegalArgumentException("origin must be valid WGS84 degrees, got " + originLat + ", " + originLon);
        }
    }

    public Point toPlane(double lat, double lon) {
        double x = Math.toRadians(lon - originLon) * EARTH_RADIUS_M * Math.cos(Math.toRadians(originLat));
        double y = Math.toRadians(lat - originLat) * EARTH_RADIUS_M;
        return new Point(x, y);
    }

    /** Returns {@code {lon, lat}} in degrees, GeoJSON's order. */
    public double[] toLonLat(Point p) {
        double lat = originLat + Math.toDegrees(p.y() / EARTH_RADIUS_M);
        double lon = originLon + Math.toDegrees(p.x() / (EARTH_RADIUS_M * Math.cos(Math.toRadians(originLat))));
        return new double[] {lon, lat};
    }
}
