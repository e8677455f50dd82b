package org.citybrain.control.parking;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** Small grids, series and files for the parking tests. */
final class Fixtures {
    /** 08:00, 08:30, 09:00, 09:30. */
    static final DailySlots FOUR_HALF_HOURS = new DailySlots(LocalTime.of(8, 0), 30, 4);
    /** A Monday. */
    static final LocalDate MONDAY = LocalDate.of(2016, 10, 3);
    static final double NA = Double.NaN;

    private Fixtures() {
    }

    static SlotGrid grid(int days) {
        return new SlotGrid(MONDAY, days, FOUR_HALF_HOURS);
    }

    static OccupancySeries series(String id, int capacity, int days, double... occupancy) {
        return OccupancySeries.of(new CarPark(id, capacity), grid(days), occupancy);
    }

    static List<OccupancyReading> readings(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/parking/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource parking/" + resource);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            return ParkingCsv.read(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project copy of a scenario file, found upwards from the working directory. */
    static Path scenario(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scenarios")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p.resolve("scenarios").resolve(relative);
            }
        }
        throw new IllegalStateException("project directory with scenarios/ not found above "
                + Path.of("").toAbsolutePath());
    }
}
