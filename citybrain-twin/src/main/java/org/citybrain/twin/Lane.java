package org.citybrain.twin;

/**
 * One lane of a road. Lanes of a road are numbered from the inside (index 0, next to the road's
 * centre line, where left turns leave) to the kerb, as in CityFlow.
 *
 * @param width    metres, &gt; 0
 * @param maxSpeed speed limit in m/s, &gt; 0
 */
public record Lane(double width, double maxSpeed) {
    public Lane {
        if (!(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("lane width must be a positive number of metres, got " + width);
        }
        if (!(maxSpeed > 0) || !Double.isFinite(maxSpeed)) {
            throw new IllegalArgumentException("lane maxSpeed must be a positive number of m/s, got " + maxSpeed);
        }
    }
}
