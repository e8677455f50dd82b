package org.citybrain.server.temporal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.temporal.AggregateMethod;
import org.citybrain.hub.temporal.TimeRange;
import org.citybrain.server.context.NgsiLdRequests;
import org.citybrain.server.web.ApiException;

/**
 * The temporal query parameters of a request (clause 6.18.3.2 / 6.19.3.1), checked: the time
 * range ({@code timerel}, {@code timeAt}, {@code endTimeAt}), {@code lastN}, the representation
 * ({@code options}) and the aggregation ({@code aggrMethods}, {@code aggrPeriodDuration}).
 *
 * @param period empty: the whole range is one period
 */
record TemporalRequest(TimeRange range, OptionalInt lastN, boolean temporalValues, boolean aggregated,
        Set<AggregateMethod> methods, Optional<Duration> period) {

    static TemporalRequest read(Optional<String> timerel, Optional<String> timeAt, Optional<String> endTimeAt,
            Optional<String> lastN, Optional<String> timeproperty, Optional<String> options,
            Optional<String> aggrMethods, Optional<String> aggrPeriodDuration, ZoneId zone) {
        timeproperty.ifPresent(p -> {
            if (Set.of("createdAt", "modifiedAt", "deletedAt").contains(p)) {
                throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, "timeproperty", "timeproperty=" + p
                        + " is not supported: history keeps one time per instance, its observedAt");
            }
            if (!p.equals("observedAt")) {
                throw invalid("timeproperty", "timeproperty must be observedAt, createdAt, modifiedAt or deletedAt: " + p);
            }
        });
        Set<String> opts = NgsiLdRequests.list(options);
        boolean aggregated = opts.contains("aggregatedValues") || aggrMethods.isPresent();
        boolean temporalValues = opts.contains("temporalValues");
        if (aggregated && temporalValues) {
            throw invalid("options", "temporalValues and aggregatedValues exclude each other");
        }
        Set<AggregateMethod> methods = EnumSet.noneOf(AggregateMethod.class);
        Optional<Duration> period = Optional.empty();
        if (aggregated) {
            Set<String> names = NgsiLdRequests.list(aggrMethods);
            if (names.isEmpty()) {
                throw invalid("aggrMethods", "the aggregated representation needs aggrMethods (e.g. avg,min,max)");
            }
            for (String name : names) {
                if (name.equals("distinctCount")) {
                    throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, "aggrMethods",
                            "distinctCount is not supported; totalCount, sum, avg, min, max, stddev and sumsq are");
                }
                methods.add(AggregateMethod.byName(name).orElseThrow(() -> invalid("aggrMethods",
                        "unknown aggregation method '" + name + "' (totalCount, sum, avg, min, max, stddev, sumsq)")));
            }
            period = aggrPeriodDuration.map(TemporalRequest::period).filter(d -> !d.isZero());
        } else if (aggrPeriodDuration.isPresent()) {
            throw invalid("aggrPeriodDuration", "aggrPeriodDuration needs aggrMethods");
        }
        return new TemporalRequest(range(timerel, timeAt, endTimeAt, zone), lastN(lastN, aggregated), temporalValues,
                aggregated, methods, period);
    }

    private static TimeRange range(Optional<String> timerel, Optional<String> timeAt, Optional<String> endTimeAt, ZoneId zone) {
        if (timerel.isEmpty()) {
            if (timeAt.isPresent() || endTimeAt.isPresent()) {
                throw invalid("timerel", "timeAt and endTimeAt need timerel (before, after or between)");
            }
            return TimeRange.ALL;
        }
        Instant at = time(timeAt.orElseThrow(() -> invalid("timeAt", "timerel=" + timerel.get() + " needs timeAt")),
                "timeAt", zone);
        return switch (timerel.get()) {
            case "before" -> TimeRange.before(at);
            case "after" -> TimeRange.after(at);
            case "between" -> {
                Instant end = time(endTimeAt.orElseThrow(() -> invalid("endTimeAt", "timerel=between needs endTimeAt")),
                        "endTimeAt", zone);
                if (!end.isAfter(at)) {
                    throw invalid("endTimeAt", "endTimeAt must be after timeAt");
                }
                yield TimeRange.between(at, end);
            }
            default -> throw invalid("timerel", "timerel must be before, after or between: " + timerel.get());
        };
    }

    /** An ISO 8601 date-time; without an offset it is in the configured zone (decision 0003). */
    private static Instant time(String text, String parameter, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException e2) {
                throw invalid(parameter, parameter + " is not an ISO 8601 date-time: " + text);
            }
        }
    }

    private static OptionalInt lastN(Optional<String> text, boolean aggregated) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        if (aggregated) {
            throw invalid("lastN", "lastN applies to instances, not to the aggregated representation");
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n > 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("lastN", "lastN must be a positive integer: " + text.get());
    }

    private static Duration period(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                throw invalid("aggrPeriodDuration", "aggrPeriodDuration must not be negative: " + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid("aggrPeriodDuration", "aggrPeriodDuration must be an ISO 8601 duration in days, hours, minutes"
                    + " or seconds (e.g. PT1H, P1D; months and years have no fixed length): " + text);
        }
    }

    private static NgsiLdException invalid(String parameter, String detail) {
        return NgsiLdException.of(ErrorCode.INVALID_QUERY, parameter, detail);
    }
}
