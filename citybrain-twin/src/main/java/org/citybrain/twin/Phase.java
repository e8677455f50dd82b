package org.citybrain.twin;

import java.util.List;

/**
 * One phase of a signal plan: for {@code seconds}, the listed road links (indices into the
 * intersection's {@link Intersection#roadLinks()}) may go; all others are red. A phase with no
 * road links is an all-red / yellow interval.
 */
public record Phase(double seconds, List<Integer> roadLinks) {
    public Phase {
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("phase time must be a number of seconds >= 0, got " + seconds);
        }
        roadLinks = List.copyOf(roadLinks);
    }
}
