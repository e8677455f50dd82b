package org.citybrain.twin.format.kdd;

import java.nio.file.Path;

import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.format.ScenarioReader;

/**
 * Reads the text roadnet and flow files of the KDD Cup 2021 City Brain Challenge (CBEngine), as
 * described in {@code docs/formats/kdd.md}. Stateless and thread-safe; a 2,000-intersection,
 * 125,000-vehicle scenario loads in a fraction of a second.
 *
 * <h2>Network</h2>
 * <ul>
 *   <li><b>Intersections.</b> Latitude/longitude are projected onto a plane with a
 *       {@link org.citybrain.twin.GeoReference} whose origin is the mean of all intersections. Width
 *       0 (the format has none). The signalised flag comes from the file. An unsignalised
 *       intersection that ends up with no road link — a dead end or boundary stub, where the only
 *       way on would be a U-turn, which the format cannot express — is marked
 *       {@linkplain org.citybrain.twin.Intersection#virtual() virtual}: that is the twin's meaning
 *       of the flag (a boundary where vehicles appear and leave, without road links). Nothing
 *       depends on it for spawning: vehicles start on their route's first road and leave at the end
 *       of its last, wherever that is.</li>
 *   <li><b>Roads.</b> Each segment line gives two directed roads with the file's ids: direction 1
 *       from {@code from_inter_id} to {@code to_inter_id}, direction 2 back; a direction with 0
 *       lanes is left out (one-way). The centre line is the straight segment between the projected
 *       intersections. The file's {@code length} is checked (&gt; 0) but not kept: the twin's road
 *       length is its geometry, which can differ a lot from the file's (see the format document).
 *       Lanes are 3.5 m wide with the segment's speed limit
 *       (m/s).</li>
 *   <li><b>Lanes.</b> The file lists a road's lanes inner first, the first being the left-turn lane;
 *       that is the twin's (CityFlow's) order, so lane {@code i} of the file is lane {@code i} here.</li>
 *   <li><b>Turns.</b> At a signalised intersection they come from its signal row, which lists the
 *       roads leaving it clockwise: the road arriving from approach {@code a} is the other direction
 *       of exit {@code a}, and turns left onto exit {@code a+1}, goes straight onto {@code a+2} and
 *       turns right onto {@code a+3} (mod 4). Elsewhere they come from the angles between roads
 *       ({@link TurnGeometry}). There are no U-turns: the format's lane permissions have no flag for
 *       them.</li>
 *   <li><b>Road and lane links.</b> A road link exists where at least one lane of the arriving
 *       road permits its turn; its lane links go from each such lane to every lane of the road it
 *       turns onto (the format does not say which lanes are reached).</li>
 *   <li><b>Signals.</b> Nine phases: index 0 is an all-red interval in which only right turns go
 *       (CBEngine never stops right turns), indices 1–8 are CBEngine's phases 1–8, each with its
 *       movements plus all right turns ({@link KddPhases}). The format has no timings; the default
 *       plan gives phase 0 5 s, phases 1–4 30 s
 *       each and phases 5–8 0 s (skipped), a 125 s cycle that
 *       serves every movement of a four-leg intersection once. Phases 1–4 that would serve only right
 *       turns (at three-leg intersections) also get 0 s.</li>
 * </ul>
 *
 * <h2>Flows</h2>
 * Each flow becomes {@code Flow("flow_<i>", vehicle, route, interval, start, end)} with {@code i}
 * counting from 0 in file order. The format has no vehicle parameters: the vehicle is CityFlow's
 * default ({@link org.citybrain.twin.VehicleType#DEFAULT}) with the network's highest speed limit as
 * its maximum speed, so that, as in CBEngine, each road's limit is what holds vehicles back. The twin counts a
 * vehicle at {@code start} and every {@code interval} while the time is at most {@code end}.
 *
 * <h2>Errors</h2>
 * Every problem is a {@link TwinFormatException} with the file as source and {@code line N}
 * (1-based) as location: unreadable file, wrong number of fields, non-numeric or out-of-range
 * values, counts that do not match the records, unknown intersections or roads, signal rows that
 * contradict the roads, and flow routes that are not connected ({@code line N.route[i]}). Nothing
 * is returned unless the whole input is valid.
 */
public final class KddCupReader implements ScenarioReader {
    @Override
    public RoadNetwork readNetwork(Path roadnet) {
        TextCursor cursor = TextCursor.open(roadnet);
        return NetworkAssembler.assemble(RoadnetText.parse(cursor), cursor);
    }

    @Override
    public Scenario read(Path roadnet, Path flow) {
        RoadNetwork network = readNetwork(roadnet);
        return FlowText.read(TextCursor.open(flow), network);
    }
}
