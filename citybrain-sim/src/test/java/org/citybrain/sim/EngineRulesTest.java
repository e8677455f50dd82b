package org.citybrain.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.sim.TestNetworks.crossing;
import static org.citybrain.sim.TestNetworks.every;
import static org.citybrain.sim.TestNetworks.once;
import static org.citybrain.sim.TestNetworks.scenario;
import static org.citybrain.sim.TestNetworks.twoPhases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.sim.signal.PlanController;
import org.citybrain.twin.Scenario;
import org.junit.jupiter.api.Test;

class EngineRulesTest {

    private static Simulation sim(Scenario s) {
        return Simulation.create(s, SimulationConfig.defaults(), new PlanController());
    }

    @Test
    void aLoneVehicleAcceleratesAtItsMaximumUpToTheSpeedLimitAndNoFurther() {
        try (Simulation sim = sim(scenario(crossing(Optional.empty()), once("a", 0, "w_in", "e_out")))) {
            Engine e = sim.engine();
            List<Double> speeds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sim.step();
                speeds.add(e.veh.speed[0]);
            }
            assertThat(speeds.get(0)).isEqualTo(2.0);
            assertThat(speeds.get(1)).isEqualTo(4.0);
            assertThat(speeds.get(4)).isEqualTo(10.0);
            assertThat(speeds.subList(5, 20)).allSatisfy(s -> assertThat(s).isEqualTo(11.111));
        }
    }

    @Test
    void aQueueAtARedLightStandsStillWithAboutTheMinimumGapBetweenVehicles() {
        Scenario s = scenario(crossing(Optional.of(twoPhases(120))), every("queue", 2, 0, 40, "s_in", "n_out"));
        try (Simulation sim = sim(s)) {
            sim.run(119, ProgressListener.NONE);
            Engine e = sim.engine();
            int lane = e.net.roadFirstLane[e.net.source.roadIndex("s_in")];
            List<Double> gaps = new ArrayList<>();
            for (int v = e.veh.head[lane]; v != Engine.NONE; v = e.veh.next[v]) {
                assertThat(e.veh.speed[v]).as("vehicle %d stands", v).isZero();
                int behind = e.veh.next[v];
                if (behind != Engine.NONE) {
                    gaps.add(e.veh.dis[v] - e.veh.len[v] - e.veh.dis[behind]);
                }
            }
            assertThat(gaps).hasSize(20).allSatisfy(g -> assertThat(g).isBetween(2.5, 3.5));
            int first = e.veh.head[lane];
            assertThat(e.net.length[lane] - e.veh.dis[first]).as("first vehicle stops at the stop line").isBetween(0.0, 1.0);
        }
    }

    @Test
    void anAddedVehicleCanBeFollowedFromItsQueueToTheEndOfItsRoute() {
        try (Simulation sim = sim(scenario(crossing(Optional.empty()), every("traffic", 10, 0, 100, "w_in", "e_out")))) {
            sim.run(30, ProgressListener.NONE);
            long id = sim.addVehicle(org.citybrain.twin.VehicleType.DEFAULT, List.of("s_in", "w_out"));
            assertThat(sim.vehicle(id)).get().extracting(VehicleStatus::state).isEqualTo(VehicleStatus.State.WAITING);
            sim.step();
            VehicleStatus onRoad = sim.vehicle(id).orElseThrow();
            assertThat(onRoad.state()).isEqualTo(VehicleStatus.State.RUNNING);
            assertThat(onRoad.road()).isEqualTo("s_in");
            assertThat(onRoad.toStopLine()).isBetween(280.0, 290.0);
            assertThat(onRoad.departTime()).isEqualTo(30.0);
            sim.run(120, ProgressListener.NONE);
            VehicleStatus done = sim.vehicle(id).orElseThrow();
            assertThat(done.state()).isEqualTo(VehicleStatus.State.FINISHED);
            assertThat(done.travelTime()).isBetween(50.0, 70.0);
            assertThat(sim.vehicle(id + 1)).isEmpty();
            assertThat(sim.metrics().vehiclesGenerated()).as("counted like any vehicle: 11 of the flow and this one").isEqualTo(12);
        }
    }

    @Test
    void aLaneCappedToZeroStopsItsTrafficUntilTheCapIsLifted() {
        try (Simulation sim = sim(scenario(crossing(Optional.empty()), every("traffic", 5, 0, 600, "w_in", "e_out")))) {
            sim.run(60, ProgressListener.NONE);
            long finishedBefore = sim.metrics().vehiclesFinished();
            assertThat(finishedBefore).isPositive();
            sim.capLaneSpeed("w_in", 0, 0);
            sim.run(120, ProgressListener.NONE);
            Engine e = sim.engine();
            int lane = e.net.roadFirstLane[e.net.source.roadIndex("w_in")];
            for (int v = e.veh.head[lane]; v != Engine.NONE; v = e.veh.next[v]) {
                assertThat(e.veh.speed[v]).as("vehicle %d on the blocked lane", v).isZero();
            }
            long finishedBlocked = sim.metrics().vehiclesFinished();
            sim.run(60, ProgressListener.NONE);
            assertThat(sim.metrics().vehiclesFinished()).as("nothing gets past a blocked lane").isEqualTo(finishedBlocked);
            sim.capLaneSpeed("w_in", 0, Double.POSITIVE_INFINITY);
            sim.run(120, ProgressListener.NONE);
            assertThat(sim.metrics().vehiclesFinished()).as("the queue drains once lifted").isGreaterThan(finishedBlocked);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.capLaneSpeed("w_in", 9, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("road 'w_in' has lanes 0..");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.capLaneSpeed("nowhere", 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown road 'nowhere'");
        }
    }

    @Test
    void anAddedVehicleNeedsAConnectedRouteOfKnownRoads() {
        try (Simulation sim = sim(scenario(crossing(Optional.empty())))) {
            org.citybrain.twin.VehicleType t = org.citybrain.twin.VehicleType.DEFAULT;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.addVehicle(t, List.of("s_in", "nowhere")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("route[1]: unknown road 'nowhere'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.addVehicle(t, List.of("s_in", "e_out")))
                    .hasMessage("route[1]: no road link from 's_in' to 'e_out'");
            assertThat(sim.metrics().vehiclesGenerated()).isZero();
        }
    }

    @Test
    void aVehicleFinishesItsRouteAndIsTimedFromItsScheduledDeparture() {
        try (Simulation sim = sim(scenario(crossing(Optional.empty()), once("a", 3, "w_in", "e_out")))) {
            sim.run(120, ProgressListener.NONE);
            RunMetrics m = sim.metrics();
            assertThat(m.vehiclesFinished()).isEqualTo(1);
            assertThat(m.vehiclesRunning()).isZero();
            // 290 m in, the link, 290 m out at 11.1 m/s after a 5.6 s run-up: about 55 s
            assertThat(m.averageTravelTime()).isBetween(50.0, 62.0);
        }
    }

    @Test
    void aDeclaredRoadLengthIsTheLengthVehiclesDrive() {
        org.citybrain.twin.RoadNetwork geometric = crossing(Optional.empty());
        org.citybrain.twin.RoadNetwork.Builder b = org.citybrain.twin.RoadNetwork.builder("test");
        geometric.intersections().forEach(i -> b.add(i, i.id()));
        for (org.citybrain.twin.Road r : geometric.roads()) {
            b.add(r.id().equals("w_in") ? new org.citybrain.twin.Road(r.id(), r.startIntersection(), r.endIntersection(),
                    r.points(), r.lanes(), java.util.OptionalDouble.of(1010)) : r, r.id());
        }
        try (Simulation sim = sim(scenario(b.build(), once("a", 0, "w_in", "e_out")))) {
            Engine e = sim.engine();
            assertThat(e.net.length[e.net.roadFirstLane[e.net.source.roadIndex("w_in")]])
                    .as("declared 1010 m less the 10 m the centre intersection takes").isEqualTo(1000.0);
            sim.run(200, ProgressListener.NONE);
            // 1000 + link + 290 m at 11.1 m/s after a 5.6 s run-up: about 119 s
            assertThat(sim.metrics().averageTravelTime()).isBetween(112.0, 125.0);
        }
    }

    @Test
    void aLeftTurnYieldsToAStraightVehicleArrivingAtTheSameTime() {
        double straightAlone = finishTime(scenario(crossing(Optional.empty()), once("s", 0, "w_in", "e_out")), 0);
        double leftAlone = finishTime(scenario(crossing(Optional.empty()), once("l", 0, "s_in", "w_out")), 0);
        Scenario both = scenario(crossing(Optional.empty()), once("s", 0, "w_in", "e_out"), once("l", 0, "s_in", "w_out"));
        assertThat(finishTime(both, 0)).as("the straight vehicle keeps its time").isEqualTo(straightAlone);
        assertThat(finishTime(both, 1)).as("the left turn waits").isGreaterThan(leftAlone);
    }

    /** Step at which vehicle slot {@code slot} (in order of generation) left the network. */
    private static double finishTime(Scenario s, int slot) {
        try (Simulation sim = sim(s)) {
            Engine e = sim.engine();
            boolean seen = false;
            for (int i = 0; i < 300; i++) {
                sim.step();
                seen |= e.isRunning(slot);
                if (seen && !e.isRunning(slot)) {
                    return e.time();
                }
            }
            throw new AssertionError("vehicle " + slot + " never finished");
        }
    }

    @Test
    void phasesSwitchOnTimeAndAQueueWaitsForGreenWithoutOverlapping() {
        Scenario s = scenario(crossing(Optional.of(twoPhases(60))), every("queue", 2, 0, 40, "s_in", "n_out"));
        try (Simulation sim = sim(s)) {
            Engine e = sim.engine();
            Invariants inv = new Invariants(e);
            int centre = e.net.source.intersectionIndex("centre");
            int firstEntry = -1;
            for (int i = 0; i < 240; i++) {
                assertThat(e.phaseOf(centre)).as("phase during step %d", i).isEqualTo((i / 60) % 2);
                sim.step();
                inv.check();
                for (int v = 0; v < e.vehicleSlots(); v++) {
                    if (e.isRunning(v) && e.net.isLink(e.veh.drivable[v]) && firstEntry < 0) {
                        firstEntry = i;
                    }
                }
            }
            assertThat(firstEntry).as("first step a vehicle is inside the intersection").isGreaterThanOrEqualTo(60);
            assertThat(inv.redEntries).isZero();
            assertThat(sim.metrics().vehiclesFinished()).isEqualTo(21);
        }
    }

    @Test
    void controllersSeeTheQueueOnTheirIncomingLanes() {
        Scenario s = scenario(crossing(Optional.of(twoPhases(60))), every("queue", 2, 0, 40, "s_in", "n_out"));
        int[] seenQueue = new int[1];
        org.citybrain.sim.signal.SignalController watcher = new org.citybrain.sim.signal.SignalController() {
            @Override
            public String name() {
                return "watcher";
            }

            @Override
            public org.citybrain.sim.signal.IntersectionController forIntersection(org.citybrain.sim.signal.SignalSite site) {
                return obs -> {
                    assertThat(obs.incomingLanes()).isEqualTo(site.incoming().size());
                    assertThat(obs.outgoingLanes()).isEqualTo(site.outgoing().size());
                    for (int i = 0; i < obs.incomingLanes(); i++) {
                        assertThat(new org.citybrain.sim.signal.SignalSite.LaneRef(obs.incomingRoad(i), obs.incomingLaneIndex(i)))
                                .as("lane %d in the order the site promises", i).isEqualTo(site.incoming().get(i));
                        if (obs.incomingRoad(i).equals("s_in")) {
                            seenQueue[0] = Math.max(seenQueue[0], obs.queue(i));
                            int[] near = new int[1];
                            obs.approaching(i, 200, (distance, speed) -> {
                                assertThat(distance).isBetween(0.0, 200.0);
                                near[0]++;
                            });
                            assertThat(near[0]).isLessThanOrEqualTo(obs.vehicles(i));
                            assertThat(obs.movingWithin(i, 200)).isLessThanOrEqualTo(near[0]);
                            assertThat(obs.vehicles(i)).isGreaterThanOrEqualTo(obs.queue(i));
                        }
                    }
                    return new org.citybrain.sim.signal.PhaseCommand(obs.time() < 60 ? 0 : 1, 60 - obs.time() % 60);
                };
            }
        };
        try (Simulation sim = Simulation.create(s, SimulationConfig.defaults(), watcher)) {
            sim.run(120, ProgressListener.NONE);
        }
        assertThat(seenQueue[0]).as("queue seen at the switch to green at 60 s").isGreaterThan(5);
    }

    @Test
    void detectorsCountDeparturesAndSeeTheQueue() {
        Scenario s = scenario(crossing(Optional.of(twoPhases(60))), every("queue", 2, 0, 40, "s_in", "n_out"));
        try (Simulation sim = sim(s)) {
            sim.run(59, ProgressListener.NONE);
            LaneReading red = sim.readDetectors().stream().filter(r -> r.road().equals("s_in")).findFirst().orElseThrow();
            assertThat(red.count()).isZero();
            assertThat(red.queue()).isGreaterThan(5);
            assertThat(red.occupancy()).isGreaterThan(0);
            sim.run(60, ProgressListener.NONE);
            LaneReading green = sim.readDetectors().stream().filter(r -> r.road().equals("s_in")).findFirst().orElseThrow();
            assertThat(green.count()).isEqualTo(21);
            assertThat(green.queue()).isZero();
            assertThat(green.travelTimeIndex()).isGreaterThan(1.0);
        }
    }
}
