package org.citybrain.control.signal;

import java.util.List;

import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.IntersectionObservation;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;

/**
 * A fixed cycle over the protocol's choice phases, the yellow between them. With equal splits
 * ({@code fixed}) every phase gets the same green; with Webster's method ({@code webster}) the cycle
 * and the splits are recomputed at the end of every cycle from the flows observed over the last
 * {@code window} seconds: cycle C = (1.5·L + 5) / (1 − Y), greens proportional to each phase's
 * critical flow ratio y = q / s, where L is the lost time (the yellows), q a lane's arrivals per
 * second (stop-line departures plus the change in vehicles on the lane) and s the saturation flow.
 */
public final class FixedTime implements SignalController {
    /** Saturation flow of one lane, vehicles per second (1,800 per hour). */
    public static final double SATURATION_FLOW = 0.5;
    private static final double MIN_CYCLE = 40;
    private static final double MAX_CYCLE = 120; // so that no phase waits more than 120 s
    private static final double MIN_GREEN = 10;

    private final ControlProtocol protocol;
    private final double green;
    private final boolean webster;
    private final double window;

    private FixedTime(ControlProtocol protocol, double green, boolean webster, double window) {
        if (!(green >= MIN_GREEN)) {
            throw new IllegalArgumentException("green must be at least " + MIN_GREEN + " s, got " + green);
        }
        this.protocol = protocol;
        this.green = green;
        this.webster = webster;
        this.window = window;
    }

    /** Equal greens of {@code green} seconds. */
    public static FixedTime equalSplits(ControlProtocol protocol, double green) {
        return new FixedTime(protocol, green, false, 0);
    }

    /** Webster's cycle and splits from the last {@code window} seconds of observed flow, starting from equal greens. */
    public static FixedTime webster(ControlProtocol protocol, double initialGreen, double window) {
        return new FixedTime(protocol, initialGreen, true, window);
    }

    @Override
    public String name() {
        return webster ? "webster" : "fixed";
    }

    @Override
    public IntersectionController forIntersection(SignalSite site) {
        IntersectionLayout layout = IntersectionLayout.of(site);
        ControlProtocol local = protocol.at(layout);
        List<Integer> choices = local.choicesFor(layout.phases());
        return new Cycle(layout, choices.stream().mapToInt(Integer::intValue).toArray(), local.yellowPhase());
    }

    private final class Cycle implements IntersectionController {
        private final int[] phases;
        private final int yellow;
        private final int[][] lanes;
        private final double[] greens;
        private int position = -1;
        private boolean yellowNext;
        // Webster's flow measurement: per incoming lane, departures and vehicles at the window's start
        private long[] departuresAtStart;
        private int[] vehiclesAtStart;
        private double windowStart;

        Cycle(IntersectionLayout layout, int[] phases, int yellow) {
            this.phases = phases;
            this.yellow = yellow;
            lanes = new int[phases.length][];
            greens = new double[phases.length];
            for (int k = 0; k < phases.length; k++) {
                lanes[k] = layout.enteringLanesOf(phases[k]);
                greens[k] = green;
            }
        }

        @Override
        public PhaseCommand decide(IntersectionObservation obs) {
            if (yellowNext && protocol.yellowSeconds() > 0 && phases.length > 1) {
                yellowNext = false;
                return new PhaseCommand(yellow, protocol.yellowSeconds());
            }
            position = (position + 1) % phases.length;
            if (position == 0 && webster) {
                retime(obs);
            }
            yellowNext = true;
            return new PhaseCommand(phases[position], greens[position]);
        }

        private void retime(IntersectionObservation obs) {
            int n = obs.incomingLanes();
            if (departuresAtStart == null) {
                departuresAtStart = new long[n];
                vehiclesAtStart = new int[n];
                startWindow(obs);
                return;
            }
            double seconds = obs.time() - windowStart;
            if (seconds < window) {
                return;
            }
            double[] y = new double[phases.length];
            double sumY = 0;
            for (int k = 0; k < phases.length; k++) {
                for (int i : lanes[k]) {
                    double arrivals = obs.departures(i) - departuresAtStart[i] + obs.vehicles(i) - vehiclesAtStart[i];
                    y[k] = Math.max(y[k], Math.max(0, arrivals) / seconds / SATURATION_FLOW);
                }
                sumY += y[k];
            }
            double lost = phases.length * protocol.yellowSeconds();
            double cycle = sumY >= 0.9 ? MAX_CYCLE : Math.min(MAX_CYCLE, Math.max(MIN_CYCLE, (1.5 * lost + 5) / (1 - sumY)));
            double effective = cycle - lost;
            for (int k = 0; k < phases.length; k++) {
                double share = sumY > 0 ? y[k] / sumY : 1.0 / phases.length;
                greens[k] = Math.max(MIN_GREEN, effective * share);
            }
            startWindow(obs);
        }

        private void startWindow(IntersectionObservation obs) {
            for (int i = 0; i < obs.incomingLanes(); i++) {
                departuresAtStart[i] = obs.departures(i);
                vehiclesAtStart[i] = obs.vehicles(i);
            }
            windowStart = obs.time();
        }
    }
}
