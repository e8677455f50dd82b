package org.citybrain.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.citybrain.sim.signal.PlanController;
import org.citybrain.sim.signal.SignalController;

/** The signal controllers {@code --controller} can name. Add new ones here. */
final class Controllers implements Iterable<String> {
    static final String DEFAULT = "plan";

    private static final Map<String, Supplier<SignalController>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("plan", PlanController::new);
    }

    static Optional<SignalController> create(String name) {
        Supplier<SignalController> s = KNOWN.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    static String names() {
        return String.join(", ", KNOWN.keySet());
    }

    /** Lets picocli list the names in help ({@code completionCandidates}). */
    @Override
    public Iterator<String> iterator() {
        return KNOWN.keySet().iterator();
    }
}
