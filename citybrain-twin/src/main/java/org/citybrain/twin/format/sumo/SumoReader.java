package org.citybrain.twin.format.sumo;

import java.nio.file.Path;

import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioReader;

/**
 * Reads SUMO networks ({@code .net.xml}, as written by netconvert) and their demand
 * ({@code .rou.xml}).
 *
 * <h2>Network</h2>
 * <ul>
 *   <li>Roads are the edges without a {@code function} (or {@code function="normal"}); internal
 *       edges, crossings, walking areas and connectors are left out. A road's points are the edge's
 *       {@code shape}, else its from and to junctions' points. Lanes are renumbered to the twin's
 *       convention: SUMO's index 0 is the rightmost lane, the twin's 0 the innermost, so
 *       {@code twin = laneCount - 1 - sumo}, in lane links too. Width defaults to 3.2 m.</li>
 *   <li>Intersections are the junctions other than {@code type="internal"}. A junction is
 *       <em>virtual</em> (a boundary where vehicles enter and leave) when it is a
 *       {@code dead_end}, has no connections, or has only turnarounds ({@code dir="t"}, which
 *       netconvert adds at fringe nodes by default); its turnarounds are dropped.</li>
 *   <li>An intersection's width is the mean distance, along the road, by which SUMO's lanes stop
 *       short of the road's end at that junction (the stop line), so that road length minus the
 *       widths at both ends gives SUMO's lane length.</li>
 *   <li>Road links are the connections between two roads, grouped by (from, to) in file order;
 *       the turn comes from {@code dir} ({@code s}, {@code l}/{@code L}, {@code r}/{@code R},
 *       {@code t}) and each lane link's points from the internal lanes it goes {@code via}.</li>
 *   <li>A junction whose connections name a traffic light ({@code tl}) is signalised with the
 *       first {@code <tlLogic>} of that id: one phase per SUMO phase, same order and durations,
 *       listing the road links with a connection whose state at its {@code linkIndex} lets
 *       vehicles enter ({@code G}, {@code g}, {@code s}, {@code O}, {@code o}); a connection
 *       without {@code tl} is always open. Other junctions are unsignalised.</li>
 * </ul>
 *
 * <h2>Demand</h2>
 * <ul>
 *   <li>{@code <vType>}: accel is the twin's maxPosAcc and usualPosAcc, decel usualNegAcc,
 *       emergencyDecel maxNegAcc, tau headwayTime; missing attributes take SUMO's passenger
 *       defaults (accel 2.6, decel 4.5, emergencyDecel max(decel, 9), length 5, minGap 2.5,
 *       maxSpeed 55.55, tau 1, width 1.8). A vehicle without a type gets
 *       {@link org.citybrain.twin.VehicleType#DEFAULT}.</li>
 *   <li>{@code <vehicle>} with a numeric {@code depart} is one flow of one vehicle; its route is a
 *       nested {@code <route edges>} or a named top-level {@code <route id edges>}.</li>
 *   <li>{@code <flow>} with {@code period}, {@code vehsPerHour} or {@code number} becomes a flow
 *       with that interval ending at its last vehicle ({@code end} is exclusive in SUMO).</li>
 *   <li>Refused with the line: trips and flows without a route (route them with duarouter
 *       first), non-numeric departures, random ({@code probability}) flows, distributions,
 *       persons, containers and stops.</li>
 * </ul>
 *
 * <p>Errors name the file and {@code line N, column C}; route errors found by the network name
 * {@code line N} of the {@code <route>}. Nothing is returned from a file with an error. DTDs and
 * external entities are not processed.
 */
public final class SumoReader implements ScenarioReader {
    @Override
    public RoadNetwork readNetwork(Path roadnet) {
        return SumoNetParser.read(roadnet);
    }

    @Override
    public Scenario read(Path roadnet, Path flow) {
        return SumoRoutesParser.read(readNetwork(roadnet), flow);
    }
}
