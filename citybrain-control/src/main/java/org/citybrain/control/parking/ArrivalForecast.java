package org.citybrain.control.parking;

import java.time.LocalDateTime;
import java.util.Optional;

/** Free spaces a car park is expected to have at a given arrival time; what {@link ParkingGuide} ranks on. */
@FunctionalInterface
public interface ArrivalForecast {

    /** Empty when nothing is known about the car park. */
    Optional<FreeSpacePrediction> predict(CarPark carPark, LocalDateTime arrival);
}
