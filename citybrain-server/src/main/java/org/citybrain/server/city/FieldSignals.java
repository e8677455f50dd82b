package org.citybrain.server.city;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citybrain.control.signal.ControlProtocol;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Phase;

/**
 * The signal controllers in the street: what each intersection of the simulated city shows. On
 * its own a controller runs the road network's fixed-time plan (as a field controller does when
 * no centre commands it); once the platform sends it a phase ({@link #command}) it holds that
 * phase until the next command, and goes back to its plan on {@link #release}.
 *
 * <p>A commanded phase is applied at the next safe moment, whatever the platform sends: a green
 * shows at least {@code minGreen} seconds before it may end, and the yellow phase (phase 0 of the
 * plan, as in CityFlow's networks; {@link ControlProtocol#BENCHMARK}) stands for its
 * {@code yellowSeconds} between two different greens. Only the phases
 * {@link ControlProtocol#choicesFor} lists may be commanded.
 *
 * <p>The engine asks every controller once per step (each decision holds one step), so a command
 * takes effect at the next step. Commands come from other threads; everything else runs on the
 * engine's thread.
 */
final class FieldSignals implements SignalController {
    /** The shortest green a command may cut, simulated seconds: the benchmark protocol's 15 s − 5 s yellow. */
    static final double MIN_GREEN = ControlProtocol.BENCHMARK.decisionSeconds() - ControlProtocol.BENCHMARK.yellowSeconds();
    static final double YELLOW = ControlProtocol.BENCHMARK.yellowSeconds();
    static final int YELLOW_PHASE = ControlProtocol.BENCHMARK.yellowPhase();

    /** Told on the engine's thread whenever an intersection shows a new phase, or takes a command. */
    interface Listener {
        void phaseShown(String intersection, int phase, double time);

        /** The controller acted on the command issued with {@code trace} (its first step after it arrived). */
        default void commandTaken(String intersection, int phase, long trace) {
        }

        /**
         * The engine asks the intersection's signal, every step: what the street shows there now
         * ({@code obs} is valid during this call only). The city's cameras look through it.
         */
        default void observed(String intersection, IntersectionObservation obs) {
        }
    }

    private final double stepSeconds;
    private final Listener listener;
    private final Map<String, Field> fields = new ConcurrentHashMap<>();

    FieldSignals(double stepSeconds, Listener listener) {
        this.stepSeconds = stepSeconds;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "field";
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        Field f = new Field(site);
        // a new run of the city (a loop) keeps what the platform commanded
        Field old = fields.put(site.intersection().id(), f);
        if (old != null) {
            f.command = old.command;
        }
        return f;
    }

    /**
     * Asks intersection {@code id} to show {@code phase} from its next safe moment on.
     *
     * @param trace an opaque mark handed back to {@link Listener#commandTaken}, to measure latency
     * @throws IllegalArgumentException for an unknown intersection or a phase it cannot be asked for
     */
    void command(String id, int phase, long trace) {
        Field f = field(id);
        if (!f.choices.contains(phase)) {
            throw new IllegalArgumentException("intersection " + id + " can be commanded phases " + f.choices + ", not " + phase);
        }
        f.command = new Command(phase, trace);
    }

    /** Lets intersection {@code id} go back to its own plan (after the current phase's plan time). */
    void release(String id) {
        field(id).command = Command.RELEASE;
    }

    /** The phases intersection {@code id} may be commanded. */
    List<Integer> choices(String id) {
        return field(id).choices;
    }

    /** The phase intersection {@code id} shows now. */
    int phase(String id) {
        return field(id).shown;
    }

    /** Whether intersection {@code id} is under the platform's command. */
    boolean commanded(String id) {
        return field(id).remote;
    }

    private Field field(String id) {
        Field f = fields.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no signalised intersection '" + id + "' in the city");
        }
        return f;
    }

    private record Command(int phase, long trace) {
        static final Command RELEASE = new Command(-1, 0);
    }

    private final class Field implements IntersectionController {
        private final String id;
        private final double[] planSeconds;
        private final List<Integer> choices;
        private final boolean hasYellow;
        private final PhaseCommand[] hold;
        volatile Command command;
        private Command taken;
        volatile int shown = -1;
        private double elapsed;
        private int pending = -1;
        volatile boolean remote;
        private int target = -1;

        Field(SignalSite site) {
            id = site.intersection().id();
            List<Phase> phases = site.intersection().signal().orElseThrow().phases();
            planSeconds = phases.stream().mapToDouble(Phase::seconds).toArray();
            choices = ControlProtocol.BENCHMARK.choicesFor(phases.size());
            hasYellow = phases.size() > 1 && !choices.contains(YELLOW_PHASE);
            hold = new PhaseCommand[phases.size()];
            for (int p = 0; p < hold.length; p++) {
                hold[p] = new PhaseCommand(p, stepSeconds);
            }
        }

        @Override
        public PhaseCommand decide(IntersectionObservation obs) {
            listener.observed(id, obs);
            if (shown < 0) {
                show(firstPlanPhase(), obs.time());
                return hold[shown];
            }
            elapsed += stepSeconds;
            Command c = command;
            if (c != taken) {
                taken = c;
                if (c == Command.RELEASE) {
                    remote = false;
                    target = -1;
                } else {
                    remote = true;
                    target = c.phase();
                    listener.commandTaken(id, c.phase(), c.trace());
                }
            }
            if (remote) {
                commanded(obs.time());
            } else {
                planned(obs.time());
            }
            return hold[shown];
        }

        private void commanded(double now) {
            if (hasYellow && shown == YELLOW_PHASE) {
                if (elapsed >= YELLOW - 1e-9) {
                    show(pending >= 0 ? pending : target >= 0 ? target : choices.get(0), now);
                    pending = -1;
                }
            } else if (target >= 0 && target != shown && elapsed >= MIN_GREEN - 1e-9) {
                if (hasYellow) {
                    pending = target;
                    show(YELLOW_PHASE, now);
                } else {
                    show(target, now);
                }
            }
        }

        private void planned(double now) {
            if (elapsed >= planSeconds[shown] - 1e-9) {
                int p = shown;
                for (int tries = 0; tries < planSeconds.length; tries++) {
                    p = (p + 1) % planSeconds.length;
                    if (planSeconds[p] > 0) {
                        break;
                    }
                }
                show(p, now);
            }
        }

        private int firstPlanPhase() {
            for (int p = 0; p < planSeconds.length; p++) {
                if (planSeconds[p] > 0) {
                    return p;
                }
            }
            return 0;
        }

        private void show(int phase, double now) {
            if (phase != shown) {
                shown = phase;
                elapsed = 0;
                listener.phaseShown(id, phase, now);
            } else {
                elapsed = 0;
            }
        }
    }
}
