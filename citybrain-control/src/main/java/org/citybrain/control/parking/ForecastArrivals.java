package org.citybrain.control.parking;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleUnaryOperator;

/**
 * An {@link ArrivalForecast} from a {@link FreeSpaceForecaster} run on live data: the origin is the
 * last slot starting at or before {@code now}, the horizon the minutes from that slot's start to the
 * arrival (0 for an arrival before it).
 */
public final class ForecastArrivals implements ArrivalForecast {
    private final ParkingData live;
    private final int origin;
    private final FreeSpaceForecaster forecaster;
    private final DoubleUnaryOperator errorSpread;

    /**
     * @param live        readings up to {@code now} (later ones are never read)
     * @param errorSpread standard deviation of the forecast error by horizon in minutes, e.g. 1.25 x
     *                    the evaluated MAE
     * @throws IllegalArgumentException when {@code now} lies before the grid's first slot or after its last day
     */
    public ForecastArrivals(ParkingData live, LocalDateTime now, FreeSpaceForecaster forecaster,
                            DoubleUnaryOperator errorSpread) {
        this.live = Objects.requireNonNull(live, "live");
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        this.errorSpread = Objects.requireNonNull(errorSpread, "errorSpread");
        OptionalInt o = live.grid().atOrBefore(now);
        if (o.isEmpty()) {
            throw new IllegalArgumentException(now + " lies outside the data's days " + live.grid().firstDay() + ".."
                    + live.grid().lastDay() + " or before its first slot");
        }
        this.origin = o.getAsInt();
    }

    @Override
    public Optional<FreeSpacePrediction> predict(CarPark carPark, LocalDateTime arrival) {
        Optional<OccupancySeries> series = live.series(carPark.id());
        if (series.isEmpty()) {
            return Optional.empty();
        }
        long minutes = Math.max(0, Duration.between(live.grid().time(origin), arrival).toMinutes());
        double free = forecaster.forecastFree(series.get().historyAt(origin), (int) Math.min(Integer.MAX_VALUE, minutes));
        if (Double.isNaN(free)) {
            return Optional.empty();
        }
        return Optional.of(new FreeSpacePrediction(free, Math.max(0, errorSpread.applyAsDouble(minutes))));
    }
}
