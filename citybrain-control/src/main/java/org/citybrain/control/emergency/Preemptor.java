package org.citybrain.control.emergency;

import java.util.List;

import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;

/**
 * {@link EmergencyPriority} at one intersection. It decides every {@code recheckSeconds}: while an
 * emergency vehicle is served, toward a phase that lets its movement go; otherwise toward the base
 * controller's phase, which it asks whenever the base's own hold has run out (and once more when a
 * pre-emption ends, since the base's last decision is stale by then).
 */
final class Preemptor implements IntersectionController {
    private static final long NOBODY = Long.MIN_VALUE;
    private static final double EPS = 1e-9;
    private final IntersectionController base;
    private final EmergencyVehicles vehicles;
    private final EmergencyConfig config;
    private final EmergencyCalls calls;
    private final int yellow;
    private final PhaseCommand[] recheck; // per phase: shown for one recheck interval
    private IntersectionObservation obs; // during a decision

    /**
     * Seconds of holds handed out so far: when this decision takes effect. The engine asks exactly
     * when the holds run out, so this is its signal clock; {@code obs.time()} is not, as the engine
     * asks at construction and again in the first step, both at time 0.
     */
    private double clock;
    private int shown = -1;
    private double shownSince;
    private boolean baseInCharge = true; // shown is the base's own phase, no override since
    private int basePhase = -1;
    private double baseUntil = Double.NEGATIVE_INFINITY;
    private long serving = NOBODY;
    private int servingRouteIndex;
    private int servingMovement = -1;

    Preemptor(IntersectionLayout layout, IntersectionController base, EmergencyVehicles vehicles, EmergencyConfig config) {
        this.base = base;
        this.vehicles = vehicles;
        this.config = config;
        this.calls = new EmergencyCalls(layout, config);
        this.yellow = config.yellowPhase();
        recheck = new PhaseCommand[layout.phases()];
        for (int p = 0; p < recheck.length; p++) {
            recheck[p] = new PhaseCommand(p, config.recheckSeconds());
        }
    }

    @Override
    public PhaseCommand decide(IntersectionObservation obs) {
        this.obs = obs;
        PhaseCommand cmd = next(obs, clock);
        clock += cmd.seconds();
        this.obs = null;
        return cmd;
    }

    private int queue(int lane) {
        return obs.queue(lane);
    }

    private PhaseCommand next(IntersectionObservation obs, double now) {
        updateServing(obs);
        if (servingMovement >= 0) {
            baseInCharge = false;
            baseUntil = Double.NEGATIVE_INFINITY; // ask the base afresh when the vehicle has passed
            return toward(calls.phaseFor(servingMovement, shown, this::queue), now, config.recheckSeconds());
        }
        if (now >= baseUntil - EPS) {
            PhaseCommand cmd = base.decide(obs);
            basePhase = cmd.phase();
            baseUntil = now + cmd.seconds();
        }
        if (baseInCharge) {
            return show(basePhase, now, baseUntil - now);
        }
        PhaseCommand cmd = toward(basePhase, now, baseUntil - now);
        // the base takes over again once its phase is shown and past its minimum green: from then
        // on its own switches are its business
        baseInCharge = shown == basePhase && (shown == yellow || now - shownSince >= config.minGreenSeconds() - EPS);
        return cmd;
    }

    /** Starts, keeps or ends serving an emergency vehicle here. */
    private void updateServing(IntersectionObservation obs) {
        List<EmergencyPosition> positions = vehicles.positions();
        if (serving != NOBODY) {
            EmergencyPosition still = null;
            for (int k = 0; k < positions.size(); k++) {
                EmergencyPosition p = positions.get(k);
                if (p.vehicle() == serving && p.routeIndex() == servingRouteIndex && !p.crossing()) {
                    still = p;
                }
            }
            if (still != null) {
                return; // a green given for a vehicle stays until it has entered the intersection
            }
            serving = NOBODY;
            servingMovement = -1;
        }
        EmergencyPosition nearest = null;
        int nearestMovement = -1;
        for (int k = 0; k < positions.size(); k++) {
            EmergencyPosition p = positions.get(k);
            int m = calls.movement(p);
            if (m >= 0 && calls.calls(p, this::queue) && (nearest == null || p.toStopLine() < nearest.toStopLine())) {
                nearest = p;
                nearestMovement = m;
            }
        }
        if (nearest != null) {
            serving = nearest.vehicle();
            servingRouteIndex = nearest.routeIndex();
            servingMovement = nearestMovement;
        }
    }

    /**
     * The next step toward showing {@code want}, for at most {@code hold} seconds: the current
     * green until its minimum has passed, then the yellow for its full time, then {@code want}.
     */
    private PhaseCommand toward(int want, double now, double hold) {
        if (shown == want || shown < 0) {
            return show(want, now, hold);
        }
        double elapsed = now - shownSince;
        if (shown == yellow) {
            return elapsed < config.yellowSeconds() - EPS
                    ? show(yellow, now, config.yellowSeconds() - elapsed)
                    : show(want, now, hold);
        }
        if (elapsed < config.minGreenSeconds() - EPS) {
            return show(shown, now, config.minGreenSeconds() - elapsed);
        }
        return want == yellow ? show(yellow, now, hold) : show(yellow, now, config.yellowSeconds());
    }

    /** Shows {@code phase} now for {@code seconds}, or one recheck interval if that is shorter. */
    private PhaseCommand show(int phase, double now, double seconds) {
        if (phase != shown) {
            shown = phase;
            shownSince = now;
        }
        return seconds >= config.recheckSeconds() - EPS ? recheck[phase] : new PhaseCommand(phase, seconds);
    }
}
