package org.citybrain.control.parking;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One raw reading as a sensor reported it, before cleaning: values may be impossible (negative,
 * above capacity); {@link ParkingCleaner} deals with that.
 *
 * @param carParkId the car park's code
 * @param capacity  the capacity the sensor reported with the reading
 * @param occupancy occupied spaces as reported
 * @param time      local time of the reading
 * @param line      line of the source file (1 = header), 0 when not from a file; for messages
 */
public record OccupancyReading(String carParkId, int capacity, int occupancy, LocalDateTime time, long line) {
    public OccupancyReading {
        Objects.requireNonNull(carParkId, "carParkId");
        Objects.requireNonNull(time, "time");
    }

    public OccupancyReading(String carParkId, int capacity, int occupancy, LocalDateTime time) {
        this(carParkId, capacity, occupancy, time, 0);
    }
}
