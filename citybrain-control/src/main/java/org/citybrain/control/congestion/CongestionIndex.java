package org.citybrain.control.congestion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Congestion indices of roads, districts and the city, kept up to date from a stream of
 * {@link RoadObservation}s, from the simulation and from sensors alike.
 *
 * <ul>
 *   <li>Road: {@code v_free / v}, the actual over the free-flow travel time, with v clamped to
 *       [v_free / maxIndex, v_free] (so it lies in [1, maxIndex], and stopped traffic does not
 *       divide by zero).</li>
 *   <li>District and city: Σ wᵢLᵢ/vᵢ ÷ Σ wᵢLᵢ/v_freeᵢ over roads whose observation has a speed, a
 *       weight w &gt; 0 and a known free-flow speed. Roads without vehicles contribute nothing:
 *       no vehicle-kilometres, no weight; an area with none has index NaN.</li>
 * </ul>
 *
 * <p>Two views. {@link #snapshot()}: the latest observation of every road that is not stale —
 * "how congested is it now". {@link #period()}: every observation accepted since the last
 * {@link #resetPeriod()}, summed — "how congested was the morning peak", the figure map providers
 * publish. Accepting an observation costs O(districts of its road); a snapshot costs O(roads);
 * nothing rescans history. Free-flow speeds are looked up when a road is rated, so a learner that
 * is still learning changes later ratings, not past period sums.
 *
 * <p>Not thread-safe: feed and query from one thread, or guard it.
 */
public final class CongestionIndex {
    public static final String CITY = "city";

    private final FreeFlowSpeeds freeFlow;
    private final CongestionConfig config;
    private final List<District> districts;
    private final Map<String, int[]> roadDistricts = new HashMap<>();
    private final Map<String, RoadObservation> latest = new LinkedHashMap<>();
    private double newest = Double.NaN;
    // period sums, index d for districts.get(d), the last slot for the city
    private final double[] periodVehicleMetres;
    private final double[] periodTravel;
    private final double[] periodFree;
    private final int[] periodRoads; // observations that weighed in
    private double periodFrom = Double.NaN;
    private double periodTo = Double.NaN;

    /**
     * @throws IllegalArgumentException when two districts share a name
     */
    public CongestionIndex(FreeFlowSpeeds freeFlow, Collection<District> districts, CongestionConfig config) {
        if (freeFlow == null || districts == null || config == null) {
            throw new IllegalArgumentException("a congestion index needs free-flow speeds, districts and a config");
        }
        this.freeFlow = freeFlow;
        this.config = config;
        this.districts = List.copyOf(districts);
        Set<String> names = new LinkedHashSet<>();
        Map<String, List<Integer>> membership = new HashMap<>();
        for (int d = 0; d < this.districts.size(); d++) {
            District district = this.districts.get(d);
            if (!names.add(district.name())) {
                throw new IllegalArgumentException("district name '" + district.name() + "' is given twice");
            }
            for (String road : district.roads()) {
                membership.computeIfAbsent(road, r -> new ArrayList<>()).add(d);
            }
        }
        membership.forEach((road, ds) -> roadDistricts.put(road, ds.stream().mapToInt(Integer::intValue).toArray()));
        int slots = this.districts.size() + 1;
        periodVehicleMetres = new double[slots];
        periodTravel = new double[slots];
        periodFree = new double[slots];
        periodRoads = new int[slots];
    }

    /** City-wide only, no districts, default settings. */
    public CongestionIndex(FreeFlowSpeeds freeFlow) {
        this(freeFlow, List.of(), CongestionConfig.defaults());
    }

    /**
     * Takes one road's observation: it becomes the road's latest unless the road already has a
     * later one (late data still counts in the period), and it is added to the period sums.
     */
    public void accept(RoadObservation o) {
        RoadObservation before = latest.get(o.road());
        if (before == null || o.from() >= before.from()) {
            latest.put(o.road(), o);
        }
        if (Double.isNaN(newest) || o.to() > newest) {
            newest = o.to();
        }
        if (Double.isNaN(periodFrom) || o.from() < periodFrom) {
            periodFrom = o.from();
        }
        if (Double.isNaN(periodTo) || o.to() > periodTo) {
            periodTo = o.to();
        }
        OptionalDouble vf = freeFlow.of(o.road());
        if (!o.hasTraffic() || vf.isEmpty()) {
            return;
        }
        double v = effectiveSpeed(o.meanSpeed(), vf.getAsDouble(), config.maxIndex());
        double wl = o.vehicles() * o.lengthMetres();
        add(periodVehicleMetres, periodTravel, periodFree, periodRoads, districts.size(), wl, wl / v,
                wl / vf.getAsDouble());
        for (int d : roadDistricts.getOrDefault(o.road(), NONE)) {
            add(periodVehicleMetres, periodTravel, periodFree, periodRoads, d, wl, wl / v, wl / vf.getAsDouble());
        }
    }

    /** Takes one interval's observations, typically one per road; see {@link #accept(RoadObservation)}. */
    public void update(Collection<RoadObservation> interval) {
        for (RoadObservation o : interval) {
            accept(o);
        }
    }

    /** Indices as of the latest, not stale, observation of each road. */
    public CongestionSnapshot snapshot() {
        int slots = districts.size() + 1;
        double[] vm = new double[slots];
        double[] travel = new double[slots];
        double[] free = new double[slots];
        int[] roads = new int[slots];
        Map<String, RoadIndex> rated = new LinkedHashMap<>();
        Set<String> unrated = new LinkedHashSet<>();
        for (RoadObservation o : latest.values()) {
            if (newest - o.to() > config.staleAfterSeconds() || Double.isNaN(o.meanSpeed())) {
                continue;
            }
            OptionalDouble vfOpt = freeFlow.of(o.road());
            if (vfOpt.isEmpty()) {
                if (o.hasTraffic()) {
                    unrated.add(o.road());
                }
                continue;
            }
            double vf = vfOpt.getAsDouble();
            double v = effectiveSpeed(o.meanSpeed(), vf, config.maxIndex());
            double index = vf / v;
            rated.put(o.road(), new RoadIndex(o.road(), o.from(), o.seconds(), index,
                    CongestionLevel.of(index, config.thresholds()), o.meanSpeed(), vf, o.vehicles(), o.lengthMetres()));
            if (o.vehicles() > 0) {
                double wl = o.vehicles() * o.lengthMetres();
                add(vm, travel, free, roads, districts.size(), wl, wl / v, wl / vf);
                for (int d : roadDistricts.getOrDefault(o.road(), NONE)) {
                    add(vm, travel, free, roads, d, wl, wl / v, wl / vf);
                }
            }
        }
        return new CongestionSnapshot(newest, Collections.unmodifiableMap(rated), areas(vm, travel, free, roads),
                area(CITY, vm, travel, free, roads, districts.size()), Collections.unmodifiableSet(unrated));
    }

    /**
     * District and city indices over every observation accepted since the last
     * {@link #resetPeriod()} (or the start): the sums of all their intervals, so a busy interval
     * weighs more than a quiet one.
     */
    public PeriodIndex period() {
        return new PeriodIndex(periodFrom, periodTo,
                areas(periodVehicleMetres, periodTravel, periodFree, periodRoads),
                area(CITY, periodVehicleMetres, periodTravel, periodFree, periodRoads, districts.size()));
    }

    /** Starts a new period; the latest observations of the roads are kept. */
    public void resetPeriod() {
        Arrays.fill(periodVehicleMetres, 0);
        Arrays.fill(periodTravel, 0);
        Arrays.fill(periodFree, 0);
        Arrays.fill(periodRoads, 0);
        periodFrom = Double.NaN;
        periodTo = Double.NaN;
    }

    public CongestionConfig config() {
        return config;
    }

    /** The speed a road's index is taken at: the observed one clamped to [vFree / maxIndex, vFree]. */
    static double effectiveSpeed(double speed, double freeFlowSpeed, double maxIndex) {
        return Math.min(freeFlowSpeed, Math.max(speed, freeFlowSpeed / maxIndex));
    }

    private static final int[] NONE = new int[0];

    private static void add(double[] vm, double[] travel, double[] free, int[] roads, int slot, double wl,
                            double travelSeconds, double freeSeconds) {
        vm[slot] += wl;
        travel[slot] += travelSeconds;
        free[slot] += freeSeconds;
        roads[slot]++;
    }

    private Map<String, AreaIndex> areas(double[] vm, double[] travel, double[] free, int[] roads) {
        Map<String, AreaIndex> out = new LinkedHashMap<>();
        for (int d = 0; d < districts.size(); d++) {
            String name = districts.get(d).name();
            out.put(name, area(name, vm, travel, free, roads, d));
        }
        return Collections.unmodifiableMap(out);
    }

    private AreaIndex area(String name, double[] vm, double[] travel, double[] free, int[] roads, int slot) {
        if (!(free[slot] > 0)) {
            return new AreaIndex(name, Double.NaN, Optional.empty(), 0, 0, 0, 0);
        }
        double index = travel[slot] / free[slot];
        return new AreaIndex(name, index, Optional.of(CongestionLevel.of(index, config.thresholds())), vm[slot],
                travel[slot], free[slot], roads[slot]);
    }
}
