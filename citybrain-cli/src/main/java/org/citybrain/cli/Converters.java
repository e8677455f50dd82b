package org.citybrain.cli;

import java.util.Arrays;
import java.util.Iterator;

import org.citybrain.twin.GeoReference;
import org.citybrain.twin.format.ScenarioFormat;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters shared by the commands. */
final class Converters {
    private Converters() {
    }

    /** {@code cityflow|kdd|sumo}, as {@link ScenarioFormat#cliName()}. */
    static final class Format implements ITypeConverter<ScenarioFormat>, Iterable<String> {
        @Override
        public ScenarioFormat convert(String value) {
            return ScenarioFormat.byName(value).orElseThrow(() -> new TypeConversionException(
                    "unknown format '" + value + "'; known formats: " + String.join(", ", this)));
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ScenarioFormat.values()).map(ScenarioFormat::cliName).iterator();
        }
    }

    /** {@code LAT,LON} in WGS84 degrees, e.g. {@code 30.2741,120.1551}. */
    static final class Origin implements ITypeConverter<GeoReference> {
        @Override
        public GeoReference convert(String value) {
            String[] parts = value.split(",");
            if (parts.length != 2) {
                throw new TypeConversionException("expected LAT,LON in degrees, e.g. 30.2741,120.1551, got '" + value + "'");
            }
            try {
                return new GeoReference(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected LAT,LON as two numbers in degrees, got '" + value + "'");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
