package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.BatchResult;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.sim.LaneReading;
import org.citybrain.sim.RunMetrics;
import org.citybrain.sim.Simulation;
import org.citybrain.sim.VehicleStatus;
import org.citybrain.sim.SimulationConfig;
import org.citybrain.twin.Flow;
import org.citybrain.twin.Intersection;
import org.citybrain.twin.Road;
import org.citybrain.twin.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated city playing the physical one: the engine on a thread of its own, paced to
 * {@link CitySettings#speed()} times real time, whose virtual devices report to the hub over MQTT
 * like real ones (docs/demo.md):
 * <ul>
 *   <li>each lane detector, every detector interval: {@code intensity} (vehicles that left the
 *       lane), {@code occupancy} (0..1), {@code averageVehicleSpeed} (km/h; the lane's limit when no
 *       vehicle was on it), {@code queueLength} (vehicles stopped at the end of the interval);</li>
 *   <li>each signal, whenever it shows a new phase: {@code currentPhase};</li>
 *   <li>each signalised intersection's camera, every camera interval: {@code vehicles}, the vehicles
 *       within 200 m of each incoming lane's stop line with distance and speed ({@link Cameras});</li>
 *   <li>each synthetic car park, every detector interval: {@code availableSpotNumber},
 *       {@code occupiedSpotNumber}, {@code occupancy}.</li>
 * </ul>
 * Signals take phase commands from their MQTT commands topic ({@link FieldSignals} keeps them
 * safe). The static twin is upserted into the context store once at start. With
 * {@code loop}, the flow starts again once it has ended and the network has emptied (or half an
 * hour of simulated time after its end).
 */
final class VirtualCity implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualCity.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Simulated seconds after the flow's end at which a loop restarts even if vehicles remain. */
    static final double DRAIN_SECONDS = 1800;
    /** Share of the vehicles arriving at a car park's intersection that park there. */
    static final double PARKING_SHARE = 0.05;
    /** Mean stay in a car park, simulated seconds. */
    static final double MEAN_STAY = 3600;

    private final CitySettings settings;
    private final Scenario scenario;
    private final CityModel model;
    private final CityDevices devices;
    private final double flowEnd;
    private final FieldSignals signals;
    private final Incidents incidents;
    private final Cameras cameras;
    private final AtomicLong cameraFrames = new AtomicLong();
    private final AtomicLong cameraBytes = new AtomicLong();
    private final Map<String, Integer> shown = new ConcurrentHashMap<>();
    private final List<int[]> phaseChanges = new ArrayList<>(); // engine thread only: [signal index, phase]
    private final Map<String, Integer> signalIndex = new HashMap<>();
    private final double[] parked;
    private final Map<String, List<Integer>> arrivalLanes = new HashMap<>(); // car park → lane indexes in reading order
    private final AtomicInteger loops = new AtomicInteger();
    private volatile Simulation sim;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile double time;
    private volatile RunMetrics flowEndMetrics;
    private volatile RunMetrics lastLoopMetrics;
    private volatile long vehicles;
    private volatile CommandListener commandListener = (id, phase, trace) -> { };
    private volatile FieldSignals.Listener phaseWatcher = (id, phase, t) -> { };

    /** Told on the engine's thread when a signal takes a command (for the loop's latency). */
    interface CommandListener {
        void taken(String intersection, int phase, long trace);
    }

    VirtualCity(CitySettings settings, Scenario scenario, CityModel model, CityDevices devices) {
        this.settings = settings;
        this.scenario = scenario;
        this.model = model;
        this.devices = devices;
        this.flowEnd = scenario.flows().stream().mapToDouble(f -> f.endTime() < 0 ? Double.POSITIVE_INFINITY : f.endTime())
                .max().orElse(0);
        for (int i = 0; i < model.signals().size(); i++) {
            signalIndex.put(model.signals().get(i).id(), i);
        }
        this.cameras = new Cameras(model.signals().stream().map(Intersection::id).toList(),
                settings.cameraInterval().toSeconds());
        this.signals = new FieldSignals(SimulationConfig.defaults().stepSeconds(), new FieldSignals.Listener() {
            @Override
            public void phaseShown(String intersection, int phase, double t) {
                phaseWatcher.phaseShown(intersection, phase, t);
                Integer equipped = signalIndex.get(intersection);
                if (equipped != null) { // a signal beyond max-signals runs its plan unobserved
                    phaseChanges.add(new int[] {equipped, phase});
                }
            }

            @Override
            public void commandTaken(String intersection, int phase, long trace) {
                commandListener.taken(intersection, phase, trace);
            }

            @Override
            public void observed(String intersection, org.citybrain.sim.signal.IntersectionObservation obs) {
                cameras.observed(intersection, obs);
            }
        });
        this.incidents = new Incidents(scenario.network(), scenario.flows(), model.emergencyVehicles(), new Incidents.Broadcast() {
            @Override
            public void position(int unit, VehicleStatus status) {
                broadcast(unit, status);
            }

            @Override
            public void arrived(int unit) {
                devices.publish(CityModel.emergencyDevice(unit), Map.of("serviceStatus", "parked"));
            }
        });
        this.parked = new double[model.carParks().size()];
        for (int k = 0; k < parked.length; k++) {
            CityModel.CarPark p = model.carParks().get(k);
            parked[k] = p.spaces() / 2.0;
            List<Integer> in = new ArrayList<>();
            for (CityModel.LaneRef lane : model.lanes()) {
                Road road = model.network().road(lane.road()).orElseThrow();
                if (road.endIntersection().equals(p.intersection())) {
                    in.add(lane.index());
                }
            }
            arrivalLanes.put(p.name(), in);
        }
    }

    /** Writes the static twin into {@code store}: an upsert, so a restart changes nothing but times. */
    void publishTwin(ContextStore store, Expander names, Map<String, String> controllers) {
        List<Entity> entities = new ArrayList<>();
        for (ObjectNode json : model.entities(controllers)) {
            entities.add(names.expand(EntityJson.read(json, Representation.NORMALIZED, ReadOptions.strict())));
        }
        BatchResult result = store.batch(BatchOperation.UPSERT_UPDATE, entities);
        if (!result.errors().isEmpty()) {
            throw new IllegalStateException("the city's twin could not be written: " + result.errors().size()
                    + " entities refused, first: " + result.errors().get(0));
        }
        LOG.info("city: twin of {} entities published", entities.size());
    }

    /** Registers and connects the devices, then starts the engine's thread. */
    synchronized void start(URI broker) {
        if (thread != null) {
            return;
        }
        List<Device> all = model.devices();
        devices.register(all);
        List<String> signalDevices = model.signals().stream().map(i -> CityModel.signalDevice(i.id())).toList();
        devices.connect(broker, all, signalDevices, this::received);
        sim = newSimulation();
        running = true;
        thread = new Thread(this::run, "city");
        thread.setDaemon(true);
        thread.start();
        LOG.info("city: running {} at {}x ({} signals, {} lane detectors, {} car parks)", settings.roadnet().orElseThrow(),
                settings.speed(), model.signals().size(), model.lanes().size(), model.carParks().size());
    }

    void onCommandTaken(CommandListener listener) {
        this.commandListener = listener;
    }

    /** Told on the engine's thread of every phase a signal shows, with the simulated time (one watcher). */
    void watchPhases(FieldSignals.Listener watcher) {
        this.phaseWatcher = watcher;
    }

    private Simulation newSimulation() {
        SimulationConfig config = SimulationConfig.defaults().withSeed(settings.seed());
        return Simulation.create(scenario, config, signals);
    }

    /** A command from a signal's MQTT topic: {@code {"phase": N, "trace": T}} or {@code {"release": true}}. */
    private void received(String deviceId, byte[] payload) {
        String intersection = deviceId.substring("city-signal-".length());
        try {
            JsonNode command = JSON.readTree(payload);
            if (command.path("release").asBoolean(false)) {
                signals.release(intersection);
            } else if (command.path("phase").canConvertToInt()) {
                signals.command(intersection, command.get("phase").asInt(), command.path("trace").asLong(0));
            } else {
                LOG.warn("city: signal {} ignored a command without a phase: {}", intersection, new String(payload,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("city: signal {} ignored a bad command: {}", intersection, e.getMessage());
        }
    }

    private void run() {
        double interval = settings.detectorInterval().toSeconds();
        long base = System.nanoTime();
        long epochBase = System.currentTimeMillis();
        double simBase = 0;
        double lastRound = 0;
        while (running) {
            try {
                incidents.beforeStep(sim);
                sim.step();
                incidents.afterStep(sim);
            } catch (RuntimeException e) {
                LOG.error("city: the engine failed at {} s; the city stops", sim.time(), e);
                return;
            }
            double now = sim.time();
            time = now;
            vehicles = sim.vehiclesRunning();
            // the lane detectors and signals stamp the moment the city measured, on its pace: a
            // machine that holds the engine back a moment does not stretch one phase against another
            long measured = Math.min(System.currentTimeMillis(), epochBase + Math.round((now - simBase) / settings.speed() * 1000));
            publishPhases(measured);
            publishFrames();
            if (now - lastRound >= interval - 1e-9) {
                lastRound = now;
                publishRound(sim.readDetectors(), interval, measured);
            }
            if (now >= flowEnd && flowEndMetrics == null) {
                flowEndMetrics = sim.metrics();
                LOG.info("city: the flow has ended (loop {}, {} s): average travel time {} s, {} vehicles finished", loops.get(),
                        now, Math.round(flowEndMetrics.averageTravelTime() * 10) / 10.0, flowEndMetrics.vehiclesFinished());
            }
            if (now >= flowEnd && (vehicles == 0 || now >= flowEnd + DRAIN_SECONDS)) {
                if (!settings.loop()) {
                    LOG.info("city: the flow has ended at {} s; the city stands still (citybrain.city.loop=false)", now);
                    return;
                }
                incidents.restarted(now);
                sim.close();
                sim = newSimulation();
                loops.incrementAndGet();
                lastLoopMetrics = flowEndMetrics;
                flowEndMetrics = null;
                lastRound = 0;
                simBase = 0;
                base = System.nanoTime();
                epochBase = System.currentTimeMillis();
                LOG.info("city: the flow starts again (loop {})", loops.get());
                continue;
            }
            long due = base + (long) ((now - simBase) / settings.speed() * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else if (wait < -1_000_000_000L) {
                // more than a second behind (a slow machine, a pause): carry on from here, do not race
                base = System.nanoTime();
                epochBase = System.currentTimeMillis();
                simBase = now;
            }
        }
    }

    private void publishPhases(long measured) {
        for (int[] change : phaseChanges) {
            Intersection in = model.signals().get(change[0]);
            shown.put(in.id(), change[1]);
            devices.publish(CityModel.signalDevice(in.id()), Map.of("currentPhase", change[1]), measured);
        }
        phaseChanges.clear();
    }

    /**
     * An emergency vehicle's transponder: where it is (map-matched to its road and lane, as a
     * vehicle's priority request says), how far from the stop line, how fast.
     */
    private void broadcast(int unit, VehicleStatus v) {
        Road road = model.network().road(v.road()).orElseThrow();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("serviceStatus", "onRoute");
        values.put("refRoadSegment", CityModel.ROAD_SEGMENT + v.road());
        values.put("laneId", v.lane());
        values.put("crossing", v.crossing());
        values.put("distanceToStopLine", round(v.toStopLine(), 1));
        values.put("speed", round(v.speed() * 3.6, 1));
        values.put("location", Map.of("type", "Point", "coordinates", model.lonLat(road, road.length() - v.toStopLine())));
        devices.publish(CityModel.emergencyDevice(unit), values);
    }

    private void publishFrames() {
        for (Cameras.Frame f : cameras.drain()) {
            cameraBytes.addAndGet(devices.publish(CityModel.cameraDevice(f.intersection()), Map.of("vehicles", f.lanes())));
            cameraFrames.incrementAndGet();
        }
    }

    private void publishRound(List<LaneReading> readings, double interval, long measured) {
        for (CityModel.LaneRef lane : model.lanes()) {
            LaneReading r = readings.get(lane.index());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("intensity", r.count());
            values.put("occupancy", round(r.occupancy(), 4));
            double speed = Double.isNaN(r.meanSpeed())
                    ? model.network().road(r.road()).orElseThrow().lanes().get(r.lane()).maxSpeed() : r.meanSpeed();
            values.put("averageVehicleSpeed", round(speed * 3.6, 2));
            values.put("queueLength", r.queue());
            devices.publish(lane.deviceId(), values, measured);
        }
        for (int k = 0; k < parked.length; k++) {
            CityModel.CarPark p = model.carParks().get(k);
            int arriving = 0;
            for (int l : arrivalLanes.get(p.name())) {
                arriving += readings.get(l).count();
            }
            parked[k] = Math.max(0, Math.min(p.spaces(), parked[k] + PARKING_SHARE * arriving - parked[k] * interval / MEAN_STAY));
            int occupied = (int) Math.round(parked[k]);
            devices.publish(CityModel.parkingDevice(p.name()), Map.of("availableSpotNumber", p.spaces() - occupied,
                    "occupiedSpotNumber", occupied, "occupancy", round((double) occupied / p.spaces(), 4)));
        }
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    Incidents incidents() {
        return incidents;
    }

    FieldSignals signals() {
        return signals;
    }

    CityModel model() {
        return model;
    }

    /** Simulated seconds into the current loop. */
    double time() {
        return time;
    }

    /** The figures of the current loop at the flow's end, or of the previous loop's; empty before the first end. */
    java.util.Optional<RunMetrics> flowEndMetrics() {
        return java.util.Optional.ofNullable(flowEndMetrics != null ? flowEndMetrics : lastLoopMetrics);
    }

    /** Camera frames published so far. */
    long cameraFrames() {
        return cameraFrames.get();
    }

    /** Bytes of the camera frames' MQTT payloads so far. */
    long cameraBytes() {
        return cameraBytes.get();
    }

    long vehiclesRunning() {
        return vehicles;
    }

    int loops() {
        return loops.get();
    }

    /** The phase each signal showed last, as published. */
    Map<String, Integer> phases() {
        return Map.copyOf(shown);
    }

    CityDevices devices() {
        return devices;
    }

    CitySettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        devices.close();
        if (sim != null) {
            sim.close();
        }
    }
}
