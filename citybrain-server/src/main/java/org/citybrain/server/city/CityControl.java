package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.citybrain.control.signal.ControlProtocol;
import org.citybrain.control.signal.IntersectionLayout;
import org.citybrain.control.signal.MaxPressure;
import org.citybrain.control.signal.SignalControllers;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.server.mqtt.MqttPublisher;
import org.citybrain.sim.signal.IntersectionController;
import org.citybrain.sim.signal.PhaseCommand;
import org.citybrain.sim.signal.SignalController;
import org.citybrain.sim.signal.SignalSite;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.VehicleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * City Brain in the loop: signal control run by the platform on the readings the hub received,
 * per district, switchable live (docs/demo.md).
 * <ul>
 *   <li>{@code plan}: the platform leaves the signals to their own fixed-time plans (it sends
 *       them a release);</li>
 *   <li>{@code maxpressure}: once every lane into an intersection has reported a new
 *       {@code queueLength} (each detector round), max pressure chooses a phase from the queues
 *       of its incoming and outgoing lanes, and the platform sends it to the signal;</li>
 *   <li>{@code brain}: at each frame of the intersection's camera, CityBrain's controller (the
 *       {@code brain} of citybrain-control under the benchmark protocol: its maximum red
 *       included) decides from that frame (the vehicles within 200 m of each stop line) and the
 *       lane detectors' latest readings (queues and occupancy, for the vehicles beyond the camera
 *       and the room on the exits), and the platform sends the phase to the signal.</li>
 * </ul>
 * Commands go to the signal's MQTT topic {@code citybrain/devices/{signal device}/commands} at
 * QoS 1; the signal applies them at its next safe moment ({@link FieldSignals}). A district's
 * controller is kept in {@code city/districts.json} in the data directory, so a restart resumes it.
 *
 * <p>Reading → decision → command taken by the signal is timed ({@code citybrain.city.control.latency}
 * and {@link #latencyMillis}): from the moment the intersection's last reading of the round became
 * durable to the engine step at which its signal acted on the command.
 */
final class CityControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The controllers a district can run, in the order they are listed. */
    static final List<String> CONTROLLERS = List.of("plan", "maxpressure", "brain");
    /** Metres of lane a vehicle covers, to turn a detector's occupancy into vehicles. */
    private static final double VEHICLE_LENGTH = VehicleType.DEFAULT.length();
    /** Metres from the end of the camera's range within which a stopped vehicle means the queue may go on beyond it. */
    private static final double QUEUE_BEYOND_MARGIN = 15;
    private static final int SAMPLES = 8192;

    private final CityModel model;
    private final MqttPublisher mqtt;
    private final Ingestor ingestor;
    private final ContextStore store;
    private final Expander names;
    private final Path file;
    private final String flowType;
    private final String queueAttribute;
    private final String occupancyAttribute;
    private final String phaseAttribute;
    private final String approachType;
    private final String vehiclesAttribute;
    private final double speed;
    private final SignalController brains = SignalControllers.create("brain").orElseThrow();
    private final Map<URI, Site> byCamera = new HashMap<>();
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<URI, List<Site>> incomingOf = new HashMap<>();
    private final Map<String, String> controllers = new TreeMap<>();
    private final ExecutorService decisions;
    private final Timer latency;
    private final long[] samples = new long[SAMPLES];
    private long sampleCount;

    /** One signalised intersection as the platform controls it. */
    private static final class Site {
        final Intersection intersection;
        final String district;
        final SignalSite site;
        final MaxPressure chooser;
        final int[] choices;
        final URI[] in;
        final URI[] out;
        final double[] inLength;
        final double[] outLength;
        final URI camera;
        final ReadingsObservation observation;
        final Set<URI> fresh = new HashSet<>();
        long newest;
        int current = -1;
        /** The brain's controller here while the district runs it (a new one at each switch to brain), else null. */
        IntersectionController brain;
        /** Emergency vehicles holding the signal (CityEmergency): the district's controller does not command it meanwhile. */
        int preempted;

        Site(CityModel model, Intersection intersection, String district) {
            this.intersection = intersection;
            this.district = district;
            site = model.site(intersection.id());
            camera = URI.create(CityModel.APPROACH + intersection.id());
            inLength = site.incoming().stream().mapToDouble(l -> model.network().road(l.road()).orElseThrow().length()).toArray();
            outLength = site.outgoing().stream().mapToDouble(l -> model.network().road(l.road()).orElseThrow().length()).toArray();
            chooser = new MaxPressure(IntersectionLayout.of(site));
            choices = ControlProtocol.BENCHMARK.choicesFor(intersection.signal().orElseThrow().phases().size()).stream()
                    .mapToInt(Integer::intValue).toArray();
            in = site.incoming().stream().map(l -> URI.create(CityModel.FLOW + CityModel.laneName(l))).toArray(URI[]::new);
            out = site.outgoing().stream().map(l -> URI.create(CityModel.FLOW + CityModel.laneName(l))).toArray(URI[]::new);
            observation = new ReadingsObservation(site.incoming().stream().map(SignalSite.LaneRef::road).toArray(String[]::new),
                    site.incoming().stream().mapToInt(SignalSite.LaneRef::lane).toArray(), out.length);
        }
    }

    /** @param speed the city's simulated seconds per wall-clock second, to read the camera frames' times as simulated time */
    CityControl(CityModel model, MqttPublisher mqtt, Ingestor ingestor, ContextStore store, Expander names, Path dataDir,
            MeterRegistry meters, double speed) {
        this.model = model;
        this.mqtt = mqtt;
        this.ingestor = ingestor;
        this.store = store;
        this.names = names;
        this.file = dataDir.resolve("city").resolve("districts.json");
        this.flowType = names.expand("TrafficFlowObserved");
        this.queueAttribute = names.expand("queueLength");
        this.phaseAttribute = names.expand("currentPhase");
        this.occupancyAttribute = names.expand("occupancy");
        this.approachType = names.expand("TrafficApproachObserved");
        this.vehiclesAttribute = names.expand("vehicles");
        this.speed = speed;
        for (Intersection in : model.signals()) {
            Site s = new Site(model, in, model.districts().get(in.id()));
            sites.put(in.id(), s);
            byCamera.put(s.camera, s);
            for (URI lane : s.in) {
                incomingOf.computeIfAbsent(lane, k -> new ArrayList<>()).add(s);
            }
            controllers.put(s.district, "plan");
        }
        readControllers();
        for (Site s : sites.values()) {
            if ("brain".equals(controllers.get(s.district))) {
                s.brain = brains.forIntersection(s.site); // a district resumed under the brain
            }
        }
        this.decisions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "city-control");
            t.setDaemon(true);
            return t;
        });
        this.latency = Timer.builder("citybrain.city.control.latency")
                .description("reading durable to the signal acting on the platform's decision")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    private void readControllers() {
        CityJson.read(file, "the districts' controllers").forEach((district, controller) -> {
            if (controllers.containsKey(district) && CONTROLLERS.contains(controller)) {
                controllers.put(district, controller);
            }
        });
    }

    /** Sends every district's controller to its signals (at start: a resumed district resumes control). */
    void start() {
        controllers.forEach((district, controller) -> {
            if (!"plan".equals(controller)) {
                LOG.info("city: district {} resumes under {}", district, controller);
            }
        });
    }

    /** District → its controller now. */
    synchronized Map<String, String> controllers() {
        return Map.copyOf(controllers);
    }

    /** District → its signalised intersections. */
    Map<String, List<String>> districts() {
        Map<String, List<String>> out = new TreeMap<>();
        sites.values().forEach(s -> out.computeIfAbsent(s.district, k -> new ArrayList<>()).add(s.intersection.id()));
        return out;
    }

    /**
     * Runs {@code controller} in {@code district} from now on.
     *
     * @throws java.util.NoSuchElementException for an unknown district
     * @throws IllegalArgumentException         for an unknown controller
     */
    void setController(String district, String controller) {
        if (!controllers.containsKey(district)) {
            throw new java.util.NoSuchElementException("no district '" + district + "'; the districts are " + controllers.keySet());
        }
        if (!CONTROLLERS.contains(controller)) {
            throw new IllegalArgumentException("unknown controller '" + controller + "'; choose one of " + CONTROLLERS);
        }
        synchronized (this) {
            controllers.put(district, controller);
            saveControllers();
        }
        List<Entity> updates = new ArrayList<>();
        for (Site s : sites.values()) {
            if (s.district.equals(district)) {
                synchronized (s) {
                    // the brain starts afresh: what it knew of an earlier spell (its waiting phases) is stale
                    s.brain = "brain".equals(controller) ? brains.forIntersection(s.site) : null;
                }
                if ("plan".equals(controller)) {
                    boolean held;
                    synchronized (s) {
                        s.current = -1;
                        held = s.preempted > 0;
                    }
                    if (!held) { // else released when the emergency vehicle has passed
                        send(s.intersection.id(), JSON.createObjectNode().put("release", true));
                    }
                }
                updates.add(names.expand(new Entity(URI.create(CityModel.TRAFFIC_SIGNAL + s.intersection.id()),
                        "TrafficSignal", Map.of("controller", Property.of(controller)), JsonLdContext.EMPTY, Optional.empty(),
                        Optional.empty())));
            }
        }
        store.batch(BatchOperation.UPDATE, updates);
        LOG.info("city: district {} now under {}", district, controller);
    }

    private void saveControllers() {
        CityJson.write(file, controllers, false, "the districts' controllers");
    }

    /**
     * An operator's command: {@code intersection} shows {@code phase} from its next safe moment.
     * Under {@code plan} it holds until the district's controller is set again; under an adaptive
     * controller, until that controller's next decision.
     *
     * @throws java.util.NoSuchElementException for an unknown intersection
     * @throws IllegalArgumentException         for a phase it cannot be commanded
     */
    void command(String intersection, int phase) {
        Site s = sites.get(intersection);
        if (s == null) {
            throw new java.util.NoSuchElementException("no signalised intersection '" + intersection + "' in the city");
        }
        if (Arrays.stream(s.choices).noneMatch(c -> c == phase)) {
            throw new IllegalArgumentException("intersection " + intersection + " can be commanded phases "
                    + Arrays.toString(s.choices) + ", not " + phase);
        }
        send(intersection, JSON.createObjectNode().put("phase", phase));
    }

    /** The change feed's listener: quick, hands decisions to the control thread. */
    void changed(EntityChange change) {
        if (change.type().equals(approachType) && change.attributes().contains(vehiclesAttribute)) {
            Site s = byCamera.get(change.id());
            if (s != null && "brain".equals(controllerOf(s.district))) {
                long trace = change.durableNanos();
                decisions.execute(() -> decideBrain(s, trace));
            }
            return;
        }
        if (!change.type().equals(flowType) || !change.attributes().contains(queueAttribute)) {
            return;
        }
        List<Site> affected = incomingOf.get(change.id());
        if (affected == null) {
            return;
        }
        for (Site s : affected) {
            boolean ready;
            long trace;
            synchronized (s) {
                s.fresh.add(change.id());
                s.newest = Math.max(s.newest, change.durableNanos());
                ready = s.fresh.size() == s.in.length;
                trace = s.newest;
                if (ready) {
                    s.fresh.clear();
                    s.newest = 0;
                }
            }
            if (ready && "maxpressure".equals(controllerOf(s.district))) {
                decisions.execute(() -> decide(s, trace));
            }
        }
    }

    private synchronized String controllerOf(String district) {
        return controllers.get(district);
    }

    private void decide(Site s, long trace) {
        try {
            ReadingsObservation obs = s.observation;
            for (int i = 0; i < s.in.length; i++) {
                obs.queue[i] = queue(s.in[i]);
            }
            for (int o = 0; o < s.out.length; o++) {
                obs.outgoingQueue[o] = queue(s.out[o]);
            }
            int phase;
            synchronized (s) {
                phase = s.chooser.choose(obs, s.current, s.choices);
                s.current = phase;
            }
            if (!"maxpressure".equals(controllerOf(s.district)) || held(s)) {
                return; // switched while this decision was being made (the release stands), or held for an emergency
            }
            send(s.intersection.id(), JSON.createObjectNode().put("phase", phase).put("trace", trace));
        } catch (RuntimeException e) {
            LOG.warn("city: no decision for {}: {}", s.intersection.id(), e.toString());
        }
    }

    private static boolean held(Site s) {
        synchronized (s) {
            return s.preempted > 0;
        }
    }

    /** Runs {@code task} on the control thread, after the decisions already queued. */
    void execute(Runnable task) {
        decisions.execute(task);
    }

    /** Whether {@code intersection} is a signal the platform commands. */
    boolean controls(String intersection) {
        return sites.containsKey(intersection);
    }

    /** Whether {@code intersection}'s signal can be commanded {@code phase} (the protocol's choices: Hangzhou's 1–4). */
    boolean commandable(String intersection, int phase) {
        return Arrays.stream(sites.get(intersection).choices).anyMatch(c -> c == phase);
    }

    /** The latest {@code queueLength} of incoming lane {@code lane} of {@code intersection} (its SignalSite's order). */
    int incomingQueue(String intersection, int lane) {
        return queue(sites.get(intersection).in[lane]);
    }

    /** The phase {@code intersection}'s signal last reported showing; -1 before any. */
    int shownPhase(String intersection) {
        double p = CityJson.number(ingestor.current(URI.create(CityModel.TRAFFIC_SIGNAL + intersection), phaseAttribute)
                .orElse(null));
        return Double.isNaN(p) ? -1 : (int) p;
    }

    /** An emergency vehicle's green: {@code phase} at {@code intersection}, held against the district's controller. */
    void preempt(String intersection, int phase) {
        Site s = sites.get(intersection);
        synchronized (s) {
            s.preempted++;
        }
        send(intersection, JSON.createObjectNode().put("phase", phase));
        LOG.debug("city: {} pre-empted to phase {} for an emergency vehicle", intersection, phase);
    }

    /** The emergency vehicle has passed {@code intersection}: its district's controller is in charge again. */
    void restore(String intersection) {
        Site s = sites.get(intersection);
        int current;
        synchronized (s) {
            if (--s.preempted > 0) {
                return; // another emergency vehicle still holds it
            }
            current = s.current;
        }
        if ("plan".equals(controllerOf(s.district))) {
            send(intersection, JSON.createObjectNode().put("release", true));
        } else if (current >= 0) {
            send(intersection, JSON.createObjectNode().put("phase", current));
        }
    }

    /** A brain decision at a camera frame: the frame and the lane detectors' latest readings, as the controller reads them. */
    private void decideBrain(Site s, long trace) {
        try {
            Optional<Reading> frame = ingestor.current(s.camera, vehiclesAttribute);
            if (frame.isEmpty()) {
                return;
            }
            ReadingsObservation obs = s.observation;
            readFrame(frame.get(), obs);
            for (int i = 0; i < s.in.length; i++) {
                int stopped = obs.seenSlowerThan(i, 0.1);
                // the camera sees the whole queue unless it reaches back to the end of its range;
                // then the detector's (older) queue may tell how far it goes on
                boolean reachesBack = false;
                for (int k = 0; k < obs.seen[i]; k++) {
                    reachesBack |= obs.seenSpeed[i][k] <= 0.1 && obs.seenDistance[i][k] >= Cameras.RANGE - QUEUE_BEYOND_MARGIN;
                }
                obs.queue[i] = reachesBack ? Math.max(stopped, queue(s.in[i])) : stopped;
                // beyond the camera: the detector's occupancy spread evenly over the lane
                double beyond = Math.max(0, s.inLength[i] - Cameras.RANGE);
                obs.vehicles[i] = obs.seen[i] + (int) Math.round(occupancy(s.in[i]) * beyond / VEHICLE_LENGTH);
            }
            for (int o = 0; o < s.out.length; o++) {
                obs.outgoingQueue[o] = queue(s.out[o]);
                obs.outgoingVehicles[o] = (int) Math.round(occupancy(s.out[o]) * s.outLength[o] / VEHICLE_LENGTH);
            }
            obs.time = frame.get().observedAt().toEpochMilli() / 1000.0 * speed;
            int phase;
            synchronized (s) {
                if (s.brain == null) {
                    return; // switched away meanwhile
                }
                obs.phase = s.current;
                PhaseCommand c = s.brain.decide(obs);
                int shown = c.phase();
                if (shown == FieldSignals.YELLOW_PHASE && Arrays.stream(s.choices).noneMatch(p -> p == shown)) {
                    // the protocol's yellow before a switch: the signal shows it itself, so the platform sends the green after it
                    c = s.brain.decide(obs);
                }
                phase = c.phase();
                s.current = phase;
            }
            if (!"brain".equals(controllerOf(s.district)) || held(s)) {
                return;
            }
            send(s.intersection.id(), JSON.createObjectNode().put("phase", phase).put("trace", trace));
        } catch (RuntimeException e) {
            LOG.warn("city: no brain decision for {}: {}", s.intersection.id(), e.toString());
        }
    }

    /** The camera's {@code vehicles}: per lane, [distance m, speed km/h] pairs, nearest first. */
    private static void readFrame(Reading frame, ReadingsObservation obs) {
        JsonNode lanes;
        try {
            lanes = JSON.readTree(frame.value()).path("value");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("camera frame of " + frame.entityId() + " is not JSON: " + e.getMessage(), e);
        }
        if (!lanes.isArray() || lanes.size() != obs.incomingLanes()) {
            throw new IllegalArgumentException("camera frame of " + frame.entityId() + " has " + lanes.size()
                    + " lanes, the intersection " + obs.incomingLanes());
        }
        obs.clearCamera();
        for (int i = 0; i < lanes.size(); i++) {
            for (JsonNode v : lanes.get(i)) {
                obs.camera(i, v.get(0).asDouble(), v.get(1).asDouble() / 3.6);
            }
        }
    }

    private double occupancy(URI lane) {
        double o = CityJson.number(ingestor.current(lane, occupancyAttribute).orElse(null));
        return Double.isNaN(o) ? 0 : o;
    }

    private int queue(URI lane) {
        double q = CityJson.number(ingestor.current(lane, queueAttribute).orElse(null));
        return Double.isNaN(q) ? 0 : (int) q;
    }

    private void send(String intersection, ObjectNode command) {
        mqtt.publish(CityTopics.commands(CityModel.signalDevice(intersection)), command.toString().getBytes(StandardCharsets.UTF_8),
                MqttPublisher.Qos.AT_LEAST_ONCE);
    }

    /** A signal acted on a command; {@code trace} is the reading's durable time, 0 for an operator's command. */
    void taken(String intersection, int phase, long trace) {
        if (trace == 0) {
            return;
        }
        long nanos = System.nanoTime() - trace;
        latency.record(nanos, TimeUnit.NANOSECONDS);
        synchronized (samples) {
            samples[(int) (sampleCount++ % SAMPLES)] = nanos;
        }
    }

    /** The {@code q} quantile (0..1) of the last 8,192 loop latencies, in ms; empty before any. */
    Optional<Double> latencyMillis(double q) {
        long[] copy;
        synchronized (samples) {
            copy = Arrays.copyOf(samples, (int) Math.min(sampleCount, SAMPLES));
        }
        if (copy.length == 0) {
            return Optional.empty();
        }
        Arrays.sort(copy);
        int k = (int) Math.min(copy.length - 1, Math.ceil(q * copy.length) - 1);
        return Optional.of(copy[Math.max(0, k)] / 1e6);
    }

    /** Decisions timed so far. */
    long decisionsTimed() {
        synchronized (samples) {
            return sampleCount;
        }
    }

    @Override
    public void close() {
        decisions.shutdownNow();
    }
}
