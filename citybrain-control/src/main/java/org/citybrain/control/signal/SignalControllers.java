package org.citybrain.control.signal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.citybrain.sim.signal.PlanController;
import org.citybrain.sim.signal.SignalController;

/**
 * Every signal controller by the name the command line and reports use, each with the benchmark
 * protocol ({@link ControlProtocol#BENCHMARK}) where it applies:
 * <ul>
 *   <li>{@code plan} — the roadnet's own fixed-time plan;</li>
 *   <li>{@code fixed} — a fixed cycle over the choice phases, 30 s of green each;</li>
 *   <li>{@code webster} — a fixed cycle retimed every cycle by Webster's method from the last 15 min of observed flow;</li>
 *   <li>{@code sotl} — self-organising traffic lights;</li>
 *   <li>{@code maxpressure} — max pressure;</li>
 *   <li>{@code advanced-mp} — Advanced-MP;</li>
 *   <li>{@code brain} — CityBrain's own: the phase that serves the most vehicles, with a look-ahead.</li>
 * </ul>
 */
public final class SignalControllers {
    private static final Map<String, Supplier<SignalController>> KNOWN = new LinkedHashMap<>();

    static {
        ControlProtocol p = ControlProtocol.BENCHMARK;
        KNOWN.put("plan", PlanController::new);
        KNOWN.put("fixed", () -> FixedTime.equalSplits(p, 30));
        KNOWN.put("webster", () -> FixedTime.webster(p, 30, 900));
        KNOWN.put("sotl", () -> new ProtocolController("sotl", p, Sotl::new));
        KNOWN.put("maxpressure", () -> new ProtocolController("maxpressure", p, MaxPressure::new));
        KNOWN.put("advanced-mp", () -> new ProtocolController("advanced-mp", p, AdvancedMaxPressure::new));
        KNOWN.put("brain", () -> new ProtocolController("brain", p, BrainChooser::new));
    }

    private SignalControllers() {
    }

    /** A new controller of that name; controllers keep per-run state, so use one per run. */
    public static Optional<SignalController> create(String name) {
        Supplier<SignalController> s = KNOWN.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** The known names, in the order they are listed. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(KNOWN.keySet());
    }
}
