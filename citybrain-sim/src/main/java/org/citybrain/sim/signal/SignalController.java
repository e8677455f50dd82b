package org.citybrain.sim.signal;

/**
 * Chooses the phases of signalised intersections. The engine asks each intersection's
 * {@link IntersectionController} for a decision whenever the previous one's hold time ends.
 */
public interface SignalController {

    /** Short name used in reports and on the command line, e.g. {@code plan}. */
    String name();

    /** Creates the controller of one signalised intersection. */
    IntersectionController forIntersection(SignalSite site);
}
