package org.citybrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.citybrain.twin.Flow;
import org.citybrain.twin.GeoReference;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.citybrain.twin.format.cityflow.CityFlowWriter;
import org.citybrain.twin.format.geojson.GeoJsonWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import",
        header = "Convert a road network (and its flow) to CityFlow JSON and GeoJSON.",
        description = {
            "Reads a road network in any supported format (and its flow with --flow) and writes into DIR:",
            "  roadnet.json     the network as CityFlow roadnet JSON",
            "  flow.json        the flows as CityFlow flow JSON (only with --flow)",
            "  network.geojson  roads and intersections as GeoJSON, for maps",
            "GeoJSON needs WGS84 coordinates: the network's own geo reference is used when its format carries one, "
                + "else --origin places the network's plane coordinates (metres) around LAT,LON.",
        })
final class ImportCommand implements Callable<Integer> {
    static final String ROADNET_JSON = "roadnet.json";
    static final String FLOW_JSON = "flow.json";
    static final String GEOJSON = "network.geojson";

    @Spec
    private CommandSpec spec;

    @Option(names = "--roadnet", required = true, paramLabel = "FILE",
            description = "Road network: CityFlow roadnet JSON, SUMO .net.xml or KDD Cup roadnet text.")
    Path roadnet;

    @Option(names = "--flow", paramLabel = "FILE",
            description = "Traffic demand to convert too (CityFlow flow JSON, SUMO .rou.xml or KDD Cup flow text).")
    Path flow;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.Format.class,
            completionCandidates = Converters.Format.class,
            description = "Format of the input: ${COMPLETION-CANDIDATES}. Default: detected from the road network file.")
    ScenarioFormat format;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write into; created if missing, existing files of the same name are replaced.")
    Path out;

    @Option(names = "--origin", paramLabel = "LAT,LON", converter = Converters.Origin.class,
            description = "WGS84 point where the network's plane origin (0,0) lies, for network.geojson, "
                    + "when the network has no geo reference of its own. Default: 0,0 with a warning.")
    GeoReference origin;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Inputs.requireFile(roadnet, "road network");
        if (flow != null) {
            Inputs.requireFile(flow, "flow");
        }
        requireDirectoryOrAbsent(out);
        ScenarioFormat fmt = format != null ? format : ScenarioFormat.detect(roadnet);
        RoadNetwork network;
        List<Flow> flows = List.of();
        if (flow != null) {
            Scenario scenario = ScenarioFormat.load(roadnet, flow, Optional.of(fmt));
            network = scenario.network();
            flows = scenario.flows();
        } else {
            network = ScenarioFormat.loadNetwork(roadnet, Optional.of(fmt));
        }
        Inputs.NetworkCounts counts = Inputs.NetworkCounts.of(network);
        stdout.println("read " + roadnet + (flow != null ? " + " + flow : "") + " (" + fmt.cliName() + "): " + counts);

        createDirectory(out);
        Path roadnetOut = out.resolve(ROADNET_JSON);
        CityFlowWriter.writeRoadnet(network, roadnetOut);
        stdout.println(wrote(roadnetOut, counts.toString()));
        if (flow != null) {
            Path flowOut = out.resolve(FLOW_JSON);
            CityFlowWriter.writeFlows(flows, flowOut);
            stdout.println(wrote(flowOut, Inputs.count(flows.size()) + " flows"));
        }

        GeoReference geo;
        String whence;
        if (network.geoReference().isPresent()) {
            geo = network.geoReference().get();
            whence = "the network's own geo reference";
            if (origin != null) {
                stderr.println("citybrain: warning: --origin ignored: the network carries its own geo reference");
            }
        } else if (origin != null) {
            geo = origin;
            whence = "--origin";
        } else {
            geo = new GeoReference(0, 0);
            whence = "default";
            stderr.println("citybrain: warning: " + roadnet + " has no geo reference and no --origin was given; "
                    + "network.geojson places the network at 0,0 (pass --origin LAT,LON to put it on the map)");
        }
        stderr.flush();
        Path geoOut = out.resolve(GEOJSON);
        GeoJsonWriter.write(network, geo, geoOut);
        stdout.println(wrote(geoOut, Inputs.count(counts.roads()) + " roads, "
                + Inputs.count(counts.intersections() + counts.virtualIntersections()) + " intersections, origin "
                + String.format(Locale.ROOT, "%.6f,%.6f", geo.originLat(), geo.originLon()) + " (" + whence + ")"));
        stdout.flush();
        return 0;
    }

    private static String wrote(Path file, String what) {
        return String.format(Locale.ROOT, "wrote %-40s %s", file, what);
    }

    /** Checked before loading, which may take long, so a wrong --out fails at once. */
    private static void requireDirectoryOrAbsent(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliInputException("--out must be a directory, but is a file: " + Inputs.shown(dir));
        }
    }

    private static void createDirectory(Path dir) {
        requireDirectoryOrAbsent(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + CliErrors.describe(e), e);
        }
    }
}
