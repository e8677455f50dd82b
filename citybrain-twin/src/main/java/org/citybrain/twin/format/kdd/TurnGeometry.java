package org.citybrain.twin.format.kdd;

import org.citybrain.twin.Turn;

/**
 * Names the movement from one road onto each of the others at an intersection that has no signal
 * row, from the angles between their directions.
 *
 * <ul>
 *   <li>A single way on is {@link Turn#STRAIGHT}, whatever its angle: the node is a bend or a
 *       change of road attributes, and vehicles keep to the through lane.</li>
 *   <li>Otherwise the way on with the smallest angle is {@link Turn#STRAIGHT} if that angle is at
 *       most 45° (halfway between straight on and a right angle); every other way on is
 *       {@link Turn#LEFT} when it bends counter-clockwise and {@link Turn#RIGHT} when clockwise.</li>
 * </ul>
 * So a T approached from its stem gives a left and a right, from its bar a straight and a turn, and
 * a fork gives a straight and a turn. The roadnet has no U-turn permission, so the caller leaves
 * out the road back to where the vehicle came from.
 */
final class TurnGeometry {
    static final double STRAIGHT_LIMIT_RADIANS = Math.toRadians(45);

    private TurnGeometry() {
    }

    /**
     * Signed angle from direction {@code (ax, ay)} to direction {@code (bx, by)} in radians, in
     * (-π, π]; positive is counter-clockwise (a left turn with x east and y north).
     */
    static double angle(double ax, double ay, double bx, double by) {
        return Math.atan2(ax * by - ay * bx, ax * bx + ay * by);
    }

    /**
     * @param angles signed angles of each way on relative to the arriving direction, see {@link #angle}
     * @return the turn of each way on, in the same order
     */
    static Turn[] classify(double[] angles) {
        Turn[] turns = new Turn[angles.length];
        if (angles.length == 1) {
            turns[0] = Turn.STRAIGHT;
            return turns;
        }
        int best = -1;
        for (int i = 0; i < angles.length; i++) {
            if (best < 0 || Math.abs(angles[i]) < Math.abs(angles[best])) {
                best = i;
            }
        }
        for (int i = 0; i < angles.length; i++) {
            if (i == best && Math.abs(angles[i]) <= STRAIGHT_LIMIT_RADIANS) {
                turns[i] = Turn.STRAIGHT;
            } else {
                turns[i] = angles[i] >= 0 ? Turn.LEFT : Turn.RIGHT;
            }
        }
        return turns;
    }
}
