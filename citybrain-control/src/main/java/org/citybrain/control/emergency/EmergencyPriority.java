package org.citybrain.control.emergency;

import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;

/**
 * Emergency-vehicle priority over any signal controller: a green wave along each emergency
 * vehicle's route, normal control everywhere else and afterwards.
 *
 * <p>At each signalised intersection on a route, when an emergency vehicle is on the road that
 * ends there and within {@link EmergencyConfig#preemptionDistance} of the stop line (or the queue
 * of its lane reaches back to it), the intersection turns the vehicle's movement green: it keeps the
 * phase shown if that phase lets the movement go, else it switches, through the yellow, to the phase
 * among those that let it go whose lanes hold the most queued vehicles. That green stays until the
 * vehicle has entered the intersection; then the base controller is asked again and its phase is
 * shown, through the yellow if it differs. With several emergency vehicles at one intersection, the
 * nearest one when pre-emption starts is served first.
 *
 * <p>Rules kept whatever happens: no green is left before {@link EmergencyConfig#minGreenSeconds}
 * (so pre-emption may cut the base's green short, but not below that); a switch this controller
 * makes between two different greens passes through the yellow phase for
 * {@link EmergencyConfig#yellowSeconds}. The base's own switches are passed through as they are,
 * and without emergency vehicles the base's phases are shown at exactly its times: this controller
 * only asks it in slices of {@link EmergencyConfig#recheckSeconds} to be able to react. Right turns,
 * green in every phase, need no pre-emption. Intersections whose plan has no yellow phase
 * ({@link EmergencyConfig#yellowPhase}) are left to the base controller.
 *
 * <p>Like the controllers it decorates, it keeps per-run state: use one per run.
 */
public final class EmergencyPriority implements SignalController {
    private final SignalController base;
    private final EmergencyVehicles vehicles;
    private final EmergencyConfig config;

    public EmergencyPriority(SignalController base, EmergencyVehicles vehicles, EmergencyConfig config) {
        this.base = base;
        this.vehicles = vehicles;
        this.config = config;
    }

    /** The base's name with {@code +emergency}, e.g. {@code maxpressure+emergency}. */
    @Override
    public String name() {
        return base.name() + "+emergency";
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        IntersectionController inner = base.forIntersection(site);
        IntersectionLayout layout = IntersectionLayout.of(site);
        if (layout.phases() <= config.yellowPhase()) {
            return inner;
        }
        return new Preemptor(layout, inner, vehicles, config);
    }
}
