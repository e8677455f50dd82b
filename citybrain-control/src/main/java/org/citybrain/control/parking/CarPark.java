package org.citybrain.control.parking;

import java.util.Objects;
import java.util.Optional;

import org.citybrain.twin.Point;

/**
 * A car park.
 *
 * @param id       the operator's code, e.g. {@code BHMBCCMKT01}; not blank
 * @param capacity number of spaces, at least 1
 * @param location entrance in the twin's plane (metres); empty when unknown, in which case the car
 *                 park can be forecast but not recommended
 */
public record CarPark(String id, int capacity, Optional<Point> location) {
    public CarPark {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        if (id.isBlank()) {
            throw new IllegalArgumentException("car park id must not be blank");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("car park " + id + ": capacity must be at least 1, got " + capacity);
        }
    }

    public CarPark(String id, int capacity) {
        this(id, capacity, Optional.empty());
    }

    public CarPark(String id, int capacity, Point location) {
        this(id, capacity, Optional.of(location));
    }
}
