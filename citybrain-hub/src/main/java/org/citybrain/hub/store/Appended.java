package org.citybrain.hub.store;

/**
 * The outcome of an append, once it is durable.
 *
 * @param stored     readings written to the log
 * @param duplicates readings already stored before (same device, entity, attribute and time) and
 *                   therefore not written again; they are acknowledged all the same
 */
public record Appended(int stored, int duplicates) {
    public Appended {
        if (stored < 0 || duplicates < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }
}
