package org.citybrain.twin.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.twin.RoadNetwork;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.TwinFormatException;
import org.citybrain.twin.format.cityflow.CityFlowReader;
import org.citybrain.twin.format.kdd.KddCupReader;
import org.citybrain.twin.format.sumo.SumoReader;

/** The network formats CityBrain reads, and detection of a file's format from its content. */
public enum ScenarioFormat {
    /** CityFlow roadnet and flow JSON. */
    CITYFLOW("cityflow", new CityFlowReader()),
    /** KDD Cup 2021 City Brain Challenge (CBEngine) roadnet and flow text files. */
    KDD("kdd", new KddCupReader()),
    /** SUMO {@code .net.xml} and {@code .rou.xml}. */
    SUMO("sumo", new SumoReader());

    private final String cliName;
    private final ScenarioReader reader;

    ScenarioFormat(String cliName, ScenarioReader reader) {
        this.cliName = cliName;
        this.reader = reader;
    }

    /** Name used on the command line ({@code --format cityflow|kdd|sumo}). */
    public String cliName() {
        return cliName;
    }

    public ScenarioReader reader() {
        return reader;
    }

    public static Optional<ScenarioFormat> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ScenarioFormat f : values()) {
            if (f.cliName.equals(n) || f.name().equalsIgnoreCase(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Detects the format from the first bytes of a road network file: JSON is CityFlow, XML is
     * SUMO, text starting with a number is KDD Cup.
     *
     * @throws TwinFormatException when the file cannot be read or matches no format
     */
    public static ScenarioFormat detect(Path roadnet) {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(roadnet)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new TwinFormatException(roadnet.toString(), "", "cannot read file: " + e.getMessage(), e);
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        int i = 0;
        if (text.startsWith("\uFEFF")) {
            i = 1;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            throw new TwinFormatException(roadnet.toString(), "", "file is empty");
        }
        char c = text.charAt(i);
        if (c == '{' || c == '[') {
            return CITYFLOW;
        }
        if (c == '<') {
            return SUMO;
        }
        if (Character.isDigit(c)) {
            return KDD;
        }
        throw new TwinFormatException(roadnet.toString(), "line 1",
                "cannot tell the format: expected CityFlow JSON ('{'), SUMO XML ('<') or KDD Cup text (a number), found '"
                        + c + "'; use --format to force one");
    }

    /** Reads a scenario in the given format, or the detected one when {@code format} is empty. */
    public static Scenario load(Path roadnet, Path flow, Optional<ScenarioFormat> format) {
        return format.orElseGet(() -> detect(roadnet)).reader().read(roadnet, flow);
    }

    /** Reads a road network in the given format, or the detected one when {@code format} is empty. */
    public static RoadNetwork loadNetwork(Path roadnet, Optional<ScenarioFormat> format) {
        return format.orElseGet(() -> detect(roadnet)).reader().readNetwork(roadnet);
    }
}
