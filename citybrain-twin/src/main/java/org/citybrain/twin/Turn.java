package org.citybrain.twin;

import java.util.Optional;

/**
 * The movement a road link makes through an intersection. The declaration order is the conflict
 * priority: a vehicle going straight has right of way over one turning left, which has right of
 * way over one turning right.
 */
public enum Turn {
    STRAIGHT("go_straight"),
    LEFT("turn_left"),
    RIGHT("turn_right"),
    /** A U-turn (SUMO and KDD networks have them); yields to everything. */
    U_TURN("turn_u");

    private final String cityFlowName;

    Turn(String cityFlowName) {
        this.cityFlowName = cityFlowName;
    }

    /** The name CityFlow's roadnet JSON uses for this turn. */
    public String cityFlowName() {
        return cityFlowName;
    }

    /** The turn for a CityFlow roadnet name ({@code go_straight}, {@code turn_left}, {@code turn_right}). */
    public static Optional<Turn> fromCityFlowName(String name) {
        for (Turn t : values()) {
            if (t.cityFlowName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Higher wins a conflict: straight 3, left 2, right 1, U-turn 0. */
    public int priority() {
        return values().length - 1 - ordinal();
    }
}
