package org.citybrain.cli;

import java.util.Iterator;
import java.util.Optional;

import org.citybrain.control.signal.SignalControllers;
import org.citybrain.sim.signal.SignalController;

/** The signal controllers {@code --controller} can name: those of {@link SignalControllers}. */
final class Controllers implements Iterable<String> {
    static final String DEFAULT = "plan";

    static Optional<SignalController> create(String name) {
        return SignalControllers.create(name);
    }

    static String names() {
        return String.join(", ", SignalControllers.names());
    }

    /** Lets picocli list the names in help ({@code completionCandidates}). */
    @Override
    public Iterator<String> iterator() {
        return SignalControllers.names().iterator();
    }
}
