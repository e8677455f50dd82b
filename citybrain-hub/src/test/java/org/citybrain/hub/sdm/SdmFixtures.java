package org.citybrain.hub.sdm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.citybrain.hub.entity.Representation;

/** The repository's copy of the Smart Data Models, where the official examples are (shared with other packages' tests). */
public final class SdmFixtures {
    private SdmFixtures() {
    }

    public static Path directory() {
        String configured = System.getProperty("citybrain.sdm.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../scenarios/sdm");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no Smart Data Models at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** Every official example file of every model folder, sorted. */
    public static List<Path> examples() {
        try (Stream<Path> files = Files.walk(directory(), 2)) {
            return files.filter(f -> f.getFileName().toString().matches("example.*\\.json(ld)?"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The representation of an example by its file name (see scenarios/sdm/README.md). */
    public static Representation representationOf(Path example) {
        String name = example.getFileName().toString();
        boolean normalized = name.contains("normalized");
        if (name.endsWith(".jsonld")) {
            return normalized ? Representation.NORMALIZED : Representation.KEY_VALUES;
        }
        return normalized ? Representation.NGSI_V2_NORMALIZED : Representation.NGSI_V2_KEY_VALUES;
    }

    /** An example's name relative to the sdm directory, with '/' separators. */
    public static String name(Path example) {
        return directory().relativize(example).toString().replace('\\', '/');
    }

    /**
     * sdm-known-defects.tsv: example file to the outcome it must have (see
     * OfficialExamplesTest#outcome), for the official examples that are wrong upstream.
     */
    public static Map<String, String> knownDefects() {
        Map<String, String> defects = new LinkedHashMap<>();
        try (InputStream in = SdmFixtures.class.getResourceAsStream("/sdm-known-defects.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                defects.put(columns[0], columns[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defects;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
