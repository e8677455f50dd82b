package org.citybrain.govern.rules;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Readings per second through the rules engine alone (no store, no feed), one thread, on a
 * synthetic city: E sensors sending one PM2.5 reading a minute each, a random walk with episodes
 * of pollution. Two rule sets side by side in one run: one threshold rule, and a set of all four
 * kinds (two thresholds, a rate, an anomaly baseline per hour of the day, an absence rule) with
 * the absence check ticked every simulated minute. A measurement, not a test.
 *
 * <pre>
 * java -cp citybrain-govern/target/classes:citybrain-hub/target/classes:$(jackson jars) \
 *      org.citybrain.govern.rules.RulesBench [sensors] [readings per sensor] [rounds]
 * </pre>
 * Defaults: 10,000 sensors, 200 readings each (2 million readings), 5 rounds; each round is a
 * fresh engine over the same readings. Seed 42.
 */
public final class RulesBench {
    private RulesBench() {
    }

    public static void main(String[] args) {
        int sensors = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perSensor = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        URI[] ids = new URI[sensors];
        for (int i = 0; i < sensors; i++) {
            ids[i] = URI.create("urn:ngsi-ld:AirQualityObserved:s" + i);
        }
        int n = sensors * perSensor;
        int[] entity = new int[n];
        long[] time = new long[n];
        double[] value = new double[n];
        SplittableRandom random = new SplittableRandom(42);
        double[] level = new double[sensors];
        long t0 = 1_700_000_000_000L;
        for (int k = 0, r = 0; r < perSensor; r++) {
            for (int s = 0; s < sensors; s++, k++) {
                level[s] = Math.max(0, level[s] + random.nextGaussian() * 8 + (level[s] < 40 ? 2 : -1));
                entity[k] = s;
                time[k] = t0 + r * 60_000L + s;
                value[k] = level[s];
            }
        }
        System.out.printf("%,d sensors, %,d readings, %d rounds%n", sensors, n, rounds);
        for (int round = 1; round <= rounds; round++) {
            for (boolean all : new boolean[] {false, true}) {
                long[] alerts = new long[1];
                RuleEngine engine = new RuleEngine(all ? allKinds() : List.of(threshold("pm25-75", 75)),
                        (change, alert) -> alerts[0]++);
                long start = System.nanoTime();
                long nextTick = t0 + 60_000;
                for (int k = 0; k < n; k++) {
                    if (all && time[k] >= nextTick) {
                        engine.tick(java.time.Instant.ofEpochMilli(nextTick));
                        nextTick += 60_000;
                    }
                    engine.accept(ids[entity[k]], "AirQualityObserved", "pm25", time[k], value[k]);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d  %-14s %,12.0f readings/s  %6.0f ns/reading  %,d alert events%n", round,
                        all ? "all kinds" : "one threshold", n / seconds, seconds * 1e9 / n, alerts[0]);
            }
        }
    }

    static Rule threshold(String id, double limit) {
        return new Rule(id, id, Optional.of("AirQualityObserved"), "pm25",
                new Condition.Threshold(true, limit, Duration.ofMinutes(10), Duration.ofMinutes(5), OptionalDouble.empty()),
                Severity.MEDIUM, "environment", Optional.of("airPollution"), Duration.ofMinutes(30));
    }

    static List<Rule> allKinds() {
        Rule rate = new Rule("pm25-jump", "jump", Optional.of("AirQualityObserved"), "pm25",
                new Condition.RateOfChange(true, 1500, Duration.ZERO, Duration.ofMinutes(5)), Severity.LOW, "environment",
                Optional.empty(), Duration.ZERO);
        Rule anomaly = new Rule("pm25-odd", "odd", Optional.of("AirQualityObserved"), "pm25",
                new Condition.Anomaly(Condition.Season.HOUR_OF_DAY, ZoneOffset.ofHours(8), 4, 20, 0.05, 1,
                        Condition.Direction.EITHER, Duration.ZERO, Duration.ofMinutes(5)), Severity.LOW, "environment",
                Optional.empty(), Duration.ZERO);
        Rule silent = new Rule("pm25-silent", "silent", Optional.of("AirQualityObserved"), "pm25",
                new Condition.Absence(Duration.ofMinutes(5)), Severity.INFORMATIONAL, "environment", Optional.empty(),
                Duration.ZERO);
        return List.of(threshold("pm25-75", 75), threshold("pm25-150", 150), rate, anomaly, silent);
    }
}
