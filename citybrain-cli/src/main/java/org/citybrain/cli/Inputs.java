package org.citybrain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.citybrain.twin.Intersection;
import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Road;

/** Checks on files the user names, and counts shown back to the user. */
final class Inputs {
    private Inputs() {
    }

    /**
     * @param what the file's role in words, e.g. {@code road network}
     * @throws CliInputException when the path does not name a readable regular file
     */
    static Path requireFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new CliInputException(what + " file not found: " + shown(file));
        }
        if (Files.isDirectory(file)) {
            throw new CliInputException(what + " is a directory, expected a file: " + shown(file));
        }
        if (!Files.isReadable(file)) {
            throw new CliInputException(what + " file is not readable: " + shown(file));
        }
        return file;
    }

    /** The path as given, with where it was looked for when relative (the user may be elsewhere). */
    static String shown(Path file) {
        return file.isAbsolute() ? file.toString() : file + " (looked for " + file.toAbsolutePath().normalize() + ")";
    }

    /** {@code 1,234}: digits grouped the same way whatever the machine's locale. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Counts of a network's elements, for messages. */
    record NetworkCounts(int intersections, int virtualIntersections, int signalised, int roads, int lanes,
                         int roadLinks) {
        static NetworkCounts of(RoadNetwork network) {
            int virtual = 0;
            int signalised = 0;
            int links = 0;
            for (Intersection i : network.intersections()) {
                virtual += i.virtual() ? 1 : 0;
                signalised += i.signal().isPresent() ? 1 : 0;
                links += i.roadLinks().size();
            }
            int lanes = 0;
            for (Road r : network.roads()) {
                lanes += r.lanes().size();
            }
            return new NetworkCounts(network.intersections().size() - virtual, virtual, signalised,
                    network.roads().size(), lanes, links);
        }

        /** {@code 16 intersections (16 signalised, 20 virtual), 80 roads, 240 lanes, 192 road links}. */
        @Override
        public String toString() {
            return count(intersections) + " intersections (" + count(signalised) + " signalised, "
                    + count(virtualIntersections) + " virtual boundary), " + count(roads) + " roads, " + count(lanes)
                    + " lanes, " + count(roadLinks) + " road links";
        }
    }
}
