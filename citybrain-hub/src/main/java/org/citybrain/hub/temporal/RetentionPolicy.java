package org.citybrain.hub.temporal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How long history is kept, per entity type (expanded type IRI → window). Types not listed keep
 * everything. Current values are never subject to it.
 */
public record RetentionPolicy(Map<String, Duration> windows) {
    public static final RetentionPolicy KEEP_EVERYTHING = new RetentionPolicy(Map.of());

    public RetentionPolicy {
        windows.forEach((type, window) -> {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the retention of " + type + " must be positive: " + window);
            }
        });
        windows = Map.copyOf(windows);
    }

    /**
     * Reads {@code Type=P30D,OtherType=PT12H}: each entry a type name and an ISO 8601 duration
     * (days and smaller units, as {@link Duration#parse}). A name is resolved by {@code expand}
     * to every type IRI it stands for (a term may stand for several, one per known context).
     *
     * @throws IllegalArgumentException naming the entry that is not {@code name=duration}
     */
    public static RetentionPolicy parse(String spec, Function<String, Set<String>> expand) {
        Map<String, Duration> windows = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("retention entry '" + entry.trim() + "' is not Type=Duration (e.g. TrafficFlowObserved=P30D)");
            }
            String name = entry.substring(0, eq).trim();
            Duration window;
            try {
                window = Duration.parse(entry.substring(eq + 1).trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("retention of " + name + ": '" + entry.substring(eq + 1).trim()
                        + "' is not an ISO 8601 duration in days, hours, minutes or seconds (e.g. P30D, PT12H)");
            }
            expand.apply(name).forEach(type -> windows.put(type, window));
        }
        return new RetentionPolicy(windows);
    }

    public Optional<Duration> window(String entityType) {
        return Optional.ofNullable(windows.get(entityType));
    }

    /** The earliest observation time of {@code entityType} kept at {@code now}. */
    public Optional<Instant> cutoff(String entityType, Instant now) {
        return window(entityType).map(now::minus);
    }
}
