package org.citybrain.twin.format.kdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.citybrain.twin.Turn;
import org.junit.jupiter.api.Test;

class TurnGeometryTest {
    private static double deg(double d) {
        return Math.toRadians(d);
    }

    @Test
    void counterClockwiseIsPositive() {
        // heading east, then north: a left turn
        assertThat(TurnGeometry.angle(1, 0, 0, 1)).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(TurnGeometry.angle(1, 0, 0, -1)).isCloseTo(-Math.PI / 2, within(1e-12));
        assertThat(TurnGeometry.angle(1, 0, 1, 0)).isZero();
    }

    @Test
    void crossingGivesLeftStraightRight() {
        assertThat(TurnGeometry.classify(new double[] {deg(85), deg(-3), deg(-95)}))
                .containsExactly(Turn.LEFT, Turn.STRAIGHT, Turn.RIGHT);
    }

    @Test
    void stemOfATGivesLeftAndRightButNoStraight() {
        assertThat(TurnGeometry.classify(new double[] {deg(90), deg(-90)})).containsExactly(Turn.LEFT, Turn.RIGHT);
    }

    @Test
    void forkGoesStraightOnTheShallowerBranch() {
        assertThat(TurnGeometry.classify(new double[] {deg(30), deg(-25)})).containsExactly(Turn.LEFT, Turn.STRAIGHT);
    }

    @Test
    void straightNeedsAtMost45Degrees() {
        assertThat(TurnGeometry.classify(new double[] {deg(44), deg(-120)})).containsExactly(Turn.STRAIGHT, Turn.RIGHT);
        assertThat(TurnGeometry.classify(new double[] {deg(46), deg(-120)})).containsExactly(Turn.LEFT, Turn.RIGHT);
    }

    @Test
    void aSingleWayOnIsStraightWhateverItsAngle() {
        assertThat(TurnGeometry.classify(new double[] {deg(100)})).containsExactly(Turn.STRAIGHT);
    }
}
