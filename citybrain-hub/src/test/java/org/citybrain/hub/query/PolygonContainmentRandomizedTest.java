package org.citybrain.hub.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Point-in-polygon (with a hole) against a simple reference, the winding number by summed
 * angles, on random star-shaped polygons. The seed is printed; rerun one with -Dseed=...
 */
class PolygonContainmentRandomizedTest {

    @Test
    void pointInPolygonWithHoleAgreesWithTheWindingNumber() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("PolygonContainmentRandomizedTest seed " + seed);
        Random random = new Random(seed);
        int checked = 0;
        for (int polygonIndex = 0; polygonIndex < 200; polygonIndex++) {
            double cx = random.nextDouble() * 300 - 150;
            double cy = random.nextDouble() * 140 - 70;
            double[][] outer = star(random, cx, cy, 2, 8);
            double[][] hole = star(random, cx, cy, 0.3, 1.8);
            double[][][] polygon = {outer, hole};
            for (int i = 0; i < 200; i++) {
                double[] p = {cx + random.nextDouble() * 18 - 9, cy + random.nextDouble() * 18 - 9};
                boolean expected = winding(p, outer) != 0 && winding(p, hole) == 0;
                assertThat(Shape.inPolygon(p, polygon))
                        .as("seed %d, polygon %d, point (%f, %f)", seed, polygonIndex, p[0], p[1])
                        .isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(40_000);
    }

    /** A closed star-shaped ring around (cx, cy): a simple polygon, radii in [min, max]. */
    private static double[][] star(Random random, double cx, double cy, double min, double max) {
        int n = 3 + random.nextInt(30);
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            angles[i] = random.nextDouble() * 2 * Math.PI;
        }
        java.util.Arrays.sort(angles);
        double[][] ring = new double[n + 1][];
        for (int i = 0; i < n; i++) {
            double r = min + random.nextDouble() * (max - min);
            ring[i] = new double[] {cx + r * Math.cos(angles[i]), cy + r * Math.sin(angles[i])};
        }
        ring[n] = ring[0];
        return ring;
    }

    /** The winding number of the ring around p, from the sum of the angles its edges subtend. */
    private static int winding(double[] p, double[][] ring) {
        double total = 0;
        for (int i = 0; i + 1 < ring.length; i++) {
            double a = Math.atan2(ring[i][1] - p[1], ring[i][0] - p[0]);
            double b = Math.atan2(ring[i + 1][1] - p[1], ring[i + 1][0] - p[0]);
            double d = b - a;
            while (d > Math.PI) {
                d -= 2 * Math.PI;
            }
            while (d < -Math.PI) {
                d += 2 * Math.PI;
            }
            total += d;
        }
        return (int) Math.round(total / (2 * Math.PI));
    }
}
