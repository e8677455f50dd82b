package org.citybrain.server.city;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.VehicleStatus;
import org.citybrain.twin.Flow;
import org.citybrain.twin.Road;
import org.citybrain.twin.RoadNetwork;

/**
 * Incidents in the simulated city, injected on command (docs/demo.md): what happens in the street,
 * not what the platform knows of it, which it must detect from the readings.
 * <ul>
 *   <li>{@code block-lane} (road, lane, minutes) and {@code block-road} (road, minutes): the lanes'
 *       speed is capped to 0 (vehicles brake and stand; those behind queue) until the time is up;</li>
 *   <li>{@code surge} (factor k, minutes): every flow generates k times its vehicles;</li>
 *   <li>{@code emergency}: one emergency vehicle trip along a route (default: the longest route of
 *       the flows), followed until it finishes, by one of the city's emergency vehicles, whose
 *       transponder broadcasts its position every step ({@link Broadcast}); with {@code priority}
 *       (the default) the platform pre-empts the signals along the route.</li>
 * </ul>
 * Requests come from any thread; the engine's thread applies them between steps. Minutes are
 * simulated time. A loop's restart ends the incidents of the loop before.
 */
final class Incidents {
    static final List<String> KINDS = List.of("block-lane", "block-road", "surge", "emergency");

    /** What an emergency vehicle's transponder sends, told on the engine's thread. */
    interface Broadcast {
        /** Emergency vehicle {@code unit} (1..) is on the network, after a step. */
        void position(int unit, VehicleStatus status);

        /** It has reached the end of its route (or its trip was ended by a loop's restart). */
        void arrived(int unit);
    }

    /** One incident as injected, and what became of it. Mutable fields are guarded by {@link Incidents}. */
    static final class Incident {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final Optional<String> road;
        final OptionalDouble lane;
        final double minutes;
        final double factor;
        final List<String> route;
        final boolean priority;
        /** The emergency vehicle on the trip (1..), 0 for other incidents. */
        final int unit;
        double start = Double.NaN;
        double end = Double.NaN;
        String state = "pending";
        long vehicle = -1;
        Double travelTime;
        Double detectedAfter;

        Incident(String kind, Optional<String> road, OptionalDouble lane, double minutes, double factor, List<String> route,
                boolean priority, int unit) {
            this.kind = kind;
            this.road = road;
            this.lane = lane;
            this.minutes = minutes;
            this.factor = factor;
            this.route = route;
            this.priority = priority;
            this.unit = unit;
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            d.put("kind", kind);
            road.ifPresent(r -> d.put("road", r));
            lane.ifPresent(l -> d.put("lane", (int) l));
            if (minutes > 0) {
                d.put("minutes", minutes);
            }
            if ("surge".equals(kind)) {
                d.put("factor", factor);
            }
            if (!route.isEmpty()) {
                d.put("route", route);
            }
            if (unit > 0) {
                d.put("vehicle", CityModel.emergencyEntity(unit));
                d.put("priority", priority);
            }
            d.put("state", state);
            d.put("startSimulatedSeconds", Double.isNaN(start) ? null : start);
            d.put("endSimulatedSeconds", Double.isNaN(end) ? null : end);
            if (travelTime != null) {
                d.put("travelTime", travelTime);
            }
            d.put("detectedAfterSeconds", detectedAfter);
            return d;
        }
    }

    private final RoadNetwork network;
    private final List<Flow> flows;
    private final ConcurrentLinkedQueue<Incident> pending = new ConcurrentLinkedQueue<>();
    private final List<Incident> all = new ArrayList<>();
    private final List<Incident> active = new ArrayList<>(); // engine thread only
    private double[] surgeCredit; // engine thread only: per flow, vehicles owed
    private final boolean[] onTrip; // per emergency vehicle (index unit − 1), guarded by this
    private final Broadcast broadcast;

    /** @param emergencyVehicles how many emergency vehicles the city has, each with a transponder */
    Incidents(RoadNetwork network, List<Flow> flows, int emergencyVehicles, Broadcast broadcast) {
        this.network = network;
        this.flows = flows;
        this.surgeCredit = new double[flows.size()];
        this.onTrip = new boolean[emergencyVehicles];
        this.broadcast = broadcast;
    }

    /**
     * Checks a request and queues it for the engine's next step.
     *
     * @throws IllegalArgumentException saying which member is wrong and why
     */
    Incident inject(String kind, Optional<String> road, OptionalDouble lane, double minutes, double factor,
            List<String> route, boolean priority) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind: unknown incident '" + kind + "'; one of " + KINDS);
        }
        if (kind.startsWith("block-")) {
            Road r = network.road(road.orElseThrow(() -> new IllegalArgumentException("road: " + kind + " needs a road")))
                    .orElseThrow(() -> new IllegalArgumentException("road: no road '" + road.get() + "' in the city"));
            if ("block-lane".equals(kind)) {
                int l = (int) lane.orElseThrow(() -> new IllegalArgumentException("lane: block-lane needs a lane"));
                if (l < 0 || l >= r.lanes().size()) {
                    throw new IllegalArgumentException("lane: road " + r.id() + " has lanes 0.." + (r.lanes().size() - 1));
                }
            }
        }
        if (!"emergency".equals(kind) && !(minutes > 0 && minutes <= 24 * 60)) {
            throw new IllegalArgumentException("minutes: " + kind + " needs a duration of (0, 1440] minutes, got " + minutes);
        }
        if ("surge".equals(kind) && !(factor > 1 && factor <= 10)) {
            throw new IllegalArgumentException("factor: a surge multiplies demand by (1, 10], got " + factor);
        }
        List<String> trip = route;
        if ("emergency".equals(kind)) {
            if (trip.isEmpty()) {
                trip = flows.stream().map(Flow::route).max(Comparator.comparingInt(List::size))
                        .orElseThrow(() -> new IllegalArgumentException("route: the city has no flow to take a route from"));
            }
            for (int i = 0; i < trip.size(); i++) {
                if (network.road(trip.get(i)).isEmpty()) {
                    throw new IllegalArgumentException("route[" + i + "]: no road '" + trip.get(i) + "' in the city");
                }
                if (i > 0 && !network.connects(trip.get(i - 1), trip.get(i))) {
                    throw new IllegalArgumentException("route[" + i + "]: no road link from " + trip.get(i - 1) + " to " + trip.get(i));
                }
            }
        }
        Incident incident;
        synchronized (this) {
            int unit = 0;
            if ("emergency".equals(kind)) {
                for (int k = 0; k < onTrip.length && unit == 0; k++) {
                    if (!onTrip[k]) {
                        onTrip[k] = true;
                        unit = k + 1;
                    }
                }
                if (unit == 0) {
                    throw new IllegalArgumentException("kind: all " + onTrip.length + " emergency vehicles of the city are on a "
                            + "trip (citybrain.city.emergency-vehicles); try again when one has arrived");
                }
            }
            incident = new Incident(kind, kind.startsWith("block-") ? road : Optional.empty(),
                    "block-lane".equals(kind) ? lane : OptionalDouble.empty(), "emergency".equals(kind) ? 0 : minutes,
                    factor, trip, priority, unit);
            all.add(incident);
        }
        pending.add(incident);
        return incident;
    }

    /** On the engine's thread, before each step: starts queued incidents, ends those whose time is up. */
    void beforeStep(Simulation sim) {
        double now = sim.time();
        for (Incident i; (i = pending.poll()) != null; ) {
            start(sim, i, now);
        }
        for (int k = active.size() - 1; k >= 0; k--) {
            Incident i = active.get(k);
            if ("emergency".equals(i.kind)) {
                VehicleStatus v = sim.vehicle(i.vehicle).orElseThrow();
                if (v.state() == VehicleStatus.State.FINISHED) {
                    synchronized (this) {
                        i.travelTime = v.travelTime(); // before the state: whoever sees "finished" sees the time
                    }
                    finish(i, now, "finished");
                    active.remove(k);
                }
            } else if (now >= i.end) {
                if (i.kind.startsWith("block-")) {
                    cap(sim, i, Double.POSITIVE_INFINITY);
                }
                finish(i, now, "ended");
                active.remove(k);
            }
        }
        surge(sim, now);
    }

    private void start(Simulation sim, Incident i, double now) {
        synchronized (this) {
            i.start = now;
            i.end = i.minutes > 0 ? now + i.minutes * 60 : Double.NaN;
            i.state = "active";
        }
        if (i.kind.startsWith("block-")) {
            cap(sim, i, 0);
        } else if ("emergency".equals(i.kind)) {
            i.vehicle = sim.addVehicle(org.citybrain.twin.VehicleType.DEFAULT, i.route);
        }
        active.add(i);
    }

    private void cap(Simulation sim, Incident i, double speed) {
        Road r = network.road(i.road.orElseThrow()).orElseThrow();
        if (i.lane.isPresent()) {
            sim.capLaneSpeed(r.id(), (int) i.lane.getAsDouble(), speed);
        } else {
            for (int l = 0; l < r.lanes().size(); l++) {
                sim.capLaneSpeed(r.id(), l, speed);
            }
        }
    }

    /** On the engine's thread, after each step: the emergency vehicles on the network broadcast where they are. */
    void afterStep(Simulation sim) {
        for (Incident i : active) {
            if (i.unit > 0) {
                VehicleStatus v = sim.vehicle(i.vehicle).orElseThrow();
                if (v.state() == VehicleStatus.State.RUNNING) {
                    broadcast.position(i.unit, v);
                }
            }
        }
    }

    /** Extra vehicles of the flows, (k − 1) per vehicle a flow generates, while a surge lasts. */
    private void surge(Simulation sim, double now) {
        double factor = 1;
        for (Incident i : active) {
            if ("surge".equals(i.kind)) {
                factor = Math.max(factor, i.factor);
            }
        }
        if (factor <= 1) {
            return;
        }
        double dt = sim.config().stepSeconds();
        for (int f = 0; f < flows.size(); f++) {
            Flow flow = flows.get(f);
            if (now < flow.startTime() || flow.endTime() >= 0 && now > flow.endTime()) {
                continue;
            }
            surgeCredit[f] += (factor - 1) * dt / flow.interval();
            while (surgeCredit[f] >= 1) {
                sim.addVehicle(flow.vehicle(), flow.route());
                surgeCredit[f] -= 1;
            }
        }
    }

    private void finish(Incident i, double now, String state) {
        synchronized (this) {
            i.end = now;
            i.state = state;
            if (i.unit > 0) {
                onTrip[i.unit - 1] = false;
            }
        }
        if (i.unit > 0) {
            broadcast.arrived(i.unit);
        }
    }

    /** A new run of the city: the incidents of the last one end with it. */
    void restarted(double lastTime) {
        for (Incident i : active) {
            finish(i, lastTime, "ended by the loop's restart");
        }
        active.clear();
        surgeCredit = new double[flows.size()];
    }

    /**
     * The platform detected an incident on {@code road} at simulated time {@code now}: the
     * earliest undetected blockage of that road active (or ended within 10 minutes) gets its delay.
     *
     * @return whether an incident was there (else the alert was a false alarm)
     */
    synchronized boolean detected(String road, double now) {
        for (Incident i : all) {
            boolean onRoad = i.road.map(road::equals).orElse(false);
            boolean recent = !Double.isNaN(i.start) && now >= i.start
                    && ("active".equals(i.state) || !Double.isNaN(i.end) && now <= i.end + 600);
            if (onRoad && recent) {
                if (i.detectedAfter == null) {
                    i.detectedAfter = now - i.start;
                }
                return true;
            }
        }
        return false;
    }

    synchronized List<Map<String, Object>> describe() {
        return all.stream().map(Incident::describe).toList();
    }
}
