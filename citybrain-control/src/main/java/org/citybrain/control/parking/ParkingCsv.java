package org.citybrain.control.parking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.citybrain.twin.TwinFormatException;

/**
 * Reads car park occupancy CSV as published with the UCI "Parking Birmingham" data set: a header
 * naming the columns {@code SystemCodeNumber,Capacity,Occupancy,LastUpdated} (any order, more
 * columns allowed), then one reading per row; times as {@code yyyy-MM-dd HH:mm:ss} (or with a
 * {@code T}), local time. No quoting: fields must not contain commas. Values are taken as they are;
 * impossible ones are the business of {@link ParkingCleaner}.
 */
public final class ParkingCsv {
    static final String ID = "SystemCodeNumber";
    static final String CAPACITY = "Capacity";
    static final String OCCUPANCY = "Occupancy";
    static final String TIME = "LastUpdated";

    private static final DateTimeFormatter TIME_FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm[:ss]")
            .toFormatter(Locale.ROOT);

    private ParkingCsv() {
    }

    /**
     * @throws TwinFormatException  when the header or a row is malformed (message names file and line)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<OccupancyReading> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #read(Path)}, from any reader; {@code source} names it in messages. */
    public static List<OccupancyReading> read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new TwinFormatException(source, "", "empty file, expected a header " + String.join(",", ID, CAPACITY,
                    OCCUPANCY, TIME));
        }
        List<String> names = List.of(stripBom(header).split(",", -1)).stream().map(String::strip).toList();
        int id = column(names, ID, source);
        int capacity = column(names, CAPACITY, source);
        int occupancy = column(names, OCCUPANCY, source);
        int time = column(names, TIME, source);
        List<OccupancyReading> readings = new ArrayList<>();
        long lineNo = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != names.size()) {
                throw new TwinFormatException(source, "line " + lineNo, "expected " + names.size() + " fields, found "
                        + f.length);
            }
            String park = f[id].strip();
            if (park.isEmpty()) {
                throw new TwinFormatException(source, "line " + lineNo, ID + " is empty");
            }
            int cap = integer(f[capacity], CAPACITY, source, lineNo);
            if (cap < 1) {
                throw new TwinFormatException(source, "line " + lineNo, CAPACITY + " must be at least 1, got " + cap);
            }
            int occ = integer(f[occupancy], OCCUPANCY, source, lineNo);
            LocalDateTime t;
            try {
                t = LocalDateTime.parse(f[time].strip(), TIME_FORMAT);
            } catch (DateTimeParseException e) {
                throw new TwinFormatException(source, "line " + lineNo, TIME + " '" + f[time].strip()
                        + "' is not a time like 2016-10-04 07:59:42", e);
            }
            readings.add(new OccupancyReading(park, cap, occ, t, lineNo));
        }
        return readings;
    }

    private static int column(List<String> names, String name, String source) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new TwinFormatException(source, "line 1", "header has no column " + name + " (found "
                    + String.join(",", names) + ")");
        }
        return i;
    }

    private static int integer(String field, String name, String source, long line) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw new TwinFormatException(source, "line " + line, name + " '" + field.strip()
                    + "' is not a whole number", e);
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
