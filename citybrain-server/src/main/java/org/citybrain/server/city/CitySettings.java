package org.citybrain.server.city;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.citybrain.twin.GeoReference;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated city, under {@code citybrain.city.*} (environment: {@code CITYBRAIN_CITY_*}); off
 * unless {@code roadnet} is set. Every default is here and in docs/demo.md.
 *
 * @param roadnet          the road network (CityFlow JSON, SUMO {@code .net.xml} or KDD Cup text)
 * @param flow             the traffic demand in the same format; required with {@code roadnet}
 * @param speed            simulated seconds per wall-clock second (default 1: real time; the demo runs at 10)
 * @param loop             start the flow again when it has ended and the network has emptied (default true)
 * @param detectorInterval simulated time between two readings of a lane detector, 10 to 60 s (default 30 s)
 * @param origin           where a network in plane metres lies on the globe, {@code lat,lon}; a KDD Cup
 *                         network carries its own (default {@code 30.28,120.12}, Gudang, Hangzhou)
 * @param carParks         how many synthetic car parks to place at signalised intersections (default 4)
 * @param districts        {@code one} (default: one district, {@code city}) or {@code quadrants}
 *                         (four districts by the intersections' position: north-west, north-east, ...)
 * @param seed             the engine's one seed (default 0)
 * @param maxSignals       the most signalised intersections the city equips with a signal device, a
 *                         camera and lane detectors (on every lane into or out of them): those nearest
 *                         the centre (default 64; Hangzhou's 16 are all equipped, Nanchang's centre is)
 * @param cameraInterval   simulated time between two frames of an intersection's camera, 5 to 60 s
 *                         (default 15 s: the benchmark protocol's decision interval, the brain's cadence)
 * @param emergencyVehicles the city's emergency vehicles, each with a transponder (a device), 0..20
 *                         (default 4): as many {@code emergency} trips can run at once
 */
@ConfigurationProperties("citybrain.city")
public record CitySettings(
        Optional<String> roadnet,
        Optional<String> flow,
        @DefaultValue("1") double speed,
        @DefaultValue("true") boolean loop,
        @DefaultValue("30s") Duration detectorInterval,
        @DefaultValue("30.28,120.12") String origin,
        @DefaultValue("4") int carParks,
        @DefaultValue("one") String districts,
        @DefaultValue("0") long seed,
        @DefaultValue("64") int maxSignals,
        @DefaultValue("15s") Duration cameraInterval,
        @DefaultValue("4") int emergencyVehicles) {

    public CitySettings {
        roadnet = roadnet == null ? Optional.empty() : roadnet.filter(r -> !r.isBlank());
        flow = flow == null ? Optional.empty() : flow.filter(f -> !f.isBlank());
        if (roadnet.isPresent() && flow.isEmpty()) {
            throw new IllegalArgumentException("citybrain.city.roadnet is set but citybrain.city.flow is not: the city needs "
                    + "its traffic demand");
        }
        if (!(speed > 0) || speed > 1000) {
            throw new IllegalArgumentException("citybrain.city.speed must be in (0, 1000], got " + speed);
        }
        Objects.requireNonNull(detectorInterval, "citybrain.city.detector-interval");
        if (detectorInterval.compareTo(Duration.ofSeconds(10)) < 0 || detectorInterval.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("citybrain.city.detector-interval must be 10 to 60 simulated seconds, got "
                    + detectorInterval.toSeconds() + " s");
        }
        Objects.requireNonNull(cameraInterval, "citybrain.city.camera-interval");
        if (cameraInterval.compareTo(Duration.ofSeconds(5)) < 0 || cameraInterval.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("citybrain.city.camera-interval must be 5 to 60 simulated seconds, got "
                    + cameraInterval.toSeconds() + " s");
        }
        geoReference(origin);
        if (carParks < 0 || carParks > 100) {
            throw new IllegalArgumentException("citybrain.city.car-parks must be 0..100, got " + carParks);
        }
        if (emergencyVehicles < 0 || emergencyVehicles > 20) {
            throw new IllegalArgumentException("citybrain.city.emergency-vehicles must be 0..20, got " + emergencyVehicles);
        }
        if (maxSignals < 1 || maxSignals > 1000) {
            throw new IllegalArgumentException("citybrain.city.max-signals must be 1..1000, got " + maxSignals);
        }
        if (!"one".equals(districts) && !"quadrants".equals(districts)) {
            throw new IllegalArgumentException("citybrain.city.districts must be 'one' or 'quadrants', got '" + districts + "'");
        }
    }

    /** Whether the city runs at all. */
    public boolean enabled() {
        return roadnet.isPresent();
    }

    /** The origin as a projection. */
    public GeoReference geoReference() {
        return geoReference(origin);
    }

    private static GeoReference geoReference(String origin) {
        String[] parts = origin == null ? new String[0] : origin.split(",");
        try {
            if (parts.length == 2) {
                return new GeoReference(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("citybrain.city.origin must be 'lat,lon' in WGS84 degrees, got '" + origin + "'");
    }

    /** Wall-clock time of {@code simulated} seconds at this speed. */
    public Duration wall(double simulatedSeconds) {
        return Duration.ofNanos(Math.round(simulatedSeconds / speed * 1e9));
    }
}
