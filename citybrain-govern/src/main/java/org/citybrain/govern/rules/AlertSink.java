package org.citybrain.govern.rules;

/**
 * Where the rules engine reports alerts. Called on the engine's thread, in order, for each
 * episode: {@code RAISED} once, then {@code CLEARED}, or {@code REOPENED} and {@code CLEARED}
 * again when a breach returns within the suppression window. Must be quick.
 */
@FunctionalInterface
public interface AlertSink {

    /** What happened to the alert. */
    enum Change {
        RAISED,
        REOPENED,
        CLEARED
    }

    void accept(Change change, Alert alert);
}
