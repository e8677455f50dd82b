package org.citybrain.control.parking;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.citybrain.twin.Point;

/**
 * Recommends car parks for a destination and an arrival time.
 *
 * <p>Score of a car park, in expected minutes lost (lower is better):
 * {@code walkMinutes + (1 - chanceOfSpace) * fullPenaltyMinutes}, where
 * {@code walkMinutes = straight-line distance * detourFactor / walkingSpeed / 60} and
 * {@code chanceOfSpace = Phi((predictedFree - 0.5) / max(1, errorSpread))}, the probability of at
 * least one free space if the forecast error is normal. A car park predicted nearly full thus pays
 * up to the whole penalty; one with plenty of room pays almost nothing. Ties go to the shorter walk,
 * then the id.
 *
 * <p>Left out of the ranking: car parks without a location, without a prediction, or beyond the
 * maximum walk.
 */
public final class ParkingGuide {
    private final ArrivalForecast forecast;
    private final GuideSettings settings;

    public ParkingGuide(ArrivalForecast forecast, GuideSettings settings) {
        this.forecast = Objects.requireNonNull(forecast, "forecast");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The ranked car parks, best first; empty when none qualifies. */
    public List<Recommendation> recommend(Point destination, LocalDateTime arrival, Collection<CarPark> candidates) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(arrival, "arrival");
        List<Recommendation> scored = new ArrayList<>();
        for (CarPark park : candidates) {
            if (park.location().isEmpty()) {
                continue;
            }
            double walk = park.location().get().distanceTo(destination) * settings.detourFactor();
            if (walk > settings.maxWalkMetres()) {
                continue;
            }
            Optional<FreeSpacePrediction> p = forecast.predict(park, arrival);
            if (p.isEmpty()) {
                continue;
            }
            double free = Math.min(p.get().freeSpaces(), park.capacity());
            double chance = chanceOfSpace(free, p.get().errorSpread());
            double minutes = walk / settings.walkingSpeed() / 60;
            double score = minutes + (1 - chance) * settings.fullPenaltyMinutes();
            scored.add(new Recommendation(0, park, walk, minutes, free, chance, score, reason(walk, minutes, free, chance)));
        }
        scored.sort(Comparator.comparingDouble(Recommendation::score)
                .thenComparingDouble(Recommendation::walkMetres)
                .thenComparing(r -> r.carPark().id()));
        List<Recommendation> ranked = new ArrayList<>(scored.size());
        for (Recommendation r : scored) {
            ranked.add(new Recommendation(ranked.size() + 1, r.carPark(), r.walkMetres(), r.walkMinutes(),
                    r.predictedFree(), r.chanceOfSpace(), r.score(), r.reason()));
        }
        return List.copyOf(ranked);
    }

    /** Probability of at least one free space when the error of {@code predictedFree} is normal. */
    static double chanceOfSpace(double predictedFree, double errorSpread) {
        return phi((predictedFree - 0.5) / Math.max(1, errorSpread));
    }

    private static String reason(double walk, double minutes, double free, double chance) {
        String room = chance >= 0.9 ? "room to spare" : chance >= 0.5 ? "may be nearly full" : "likely full";
        return String.format(Locale.ROOT, "%.0f m walk (%.1f min); %.0f free spaces expected on arrival, "
                + "%.0f%% chance of a space: %s", walk, minutes, free, 100 * chance, room);
    }

    /** Standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
    static double phi(double z) {
        if (z < 0) {
            return 1 - phi(-z);
        }
        double t = 1 / (1 + 0.2316419 * z);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
    }
}
