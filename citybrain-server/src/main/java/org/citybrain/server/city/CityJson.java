package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.citybrain.hub.store.AtomicFiles;
import org.citybrain.hub.store.Reading;

/** The city's small JSON files (name → text, replaced whole) and the numbers of the hub's readings. */
final class CityJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CityJson() {
    }

    /** The file's members as name → text; empty when there is no file. */
    static Map<String, String> read(Path file, String what) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            JSON.readTree(file.toFile()).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes {@code values} to {@code file} atomically (never half written), readable by its owner only if asked. */
    static void write(Path file, Map<String, String> values, boolean ownerOnly, String what) {
        try {
            Files.createDirectories(file.getParent());
            ObjectNode all = JSON.createObjectNode();
            values.forEach(all::put);
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the data directory's own protection applies
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number a reading holds ({@code {"type":"Property","value":N}}); NaN for none or another value. */
    static double number(Reading reading) {
        if (reading == null) {
            return Double.NaN;
        }
        try {
            JsonNode v = JSON.readTree(reading.value()).path("value");
            return v.isNumber() ? v.asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
