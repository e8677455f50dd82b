package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Four years of hourly PM2.5 at Dongsi, Beijing (scenarios/air, with its gaps), replayed as device
 * telemetry through the hub's ingestor and change feed into the rules engine; the episodes the
 * engine finds must be exactly the runs a plain loop over the file finds. Prints the episodes for
 * docs/governance.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DongsiReplayTest {
    static final Path CSV = Path.of(System.getProperty("citybrain.scenarios.dir", "../scenarios"), "air",
            "beijing_air_dongsi_2013_2017.csv");
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    static final URI STATION = URI.create("urn:ngsi-ld:AirQualityObserved:dongsi");

    /** An hour of the file: its time and PM2.5, NaN where the file says NA. */
    record Hour(Instant time, double pm25) {
    }

    /** A run of breaching hours, as either side sees it. */
    record Episode(Instant from, Instant lastBreach, int readings, double worst) {
        long hours() {
            return Duration.between(from, lastBreach).toHours() + 1;
        }
    }

    List<Hour> hours;
    final List<Alert> cleared = new ArrayList<>();
    RuleEngine engine;
    EmbeddedContextStore context;
    WalStore readings;

    static final List<Rule> RULES = List.of(
            rule("pm25-above-75-for-1h", 75, Duration.ofHours(1)),
            rule("pm25-above-150-for-3h", 150, Duration.ofHours(3)),
            rule("pm25-above-250", 250, Duration.ZERO));

    static Rule rule(String id, double limit, Duration persistence) {
        return new Rule(id, id, Optional.of("AirQualityObserved"), "pm25",
                new Condition.Threshold(true, limit, persistence, Duration.ofHours(1), OptionalDouble.empty()),
                Severity.HIGH, "environment", Optional.of("airPollution"), Duration.ZERO);
    }

    @BeforeAll
    void replay(@TempDir Path dir) throws Exception {
        hours = read(CSV);
        readings = WalStore.open(dir.resolve("readings"));
        ChangeFeed feed = new ChangeFeed();
        context = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC());
        HubAlerts hub = new HubAlerts(context, Contexts.shipped());
        engine = new RuleEngine(RULES, (change, alert) -> {
            hub.accept(change, alert);
            if (change == AlertSink.Change.CLEARED) {
                cleared.add(alert);
            }
        });
        DeviceRegistry devices = DeviceRegistry.inMemory();
        String token = devices.register(Device.of("dongsi", STATION.toString(), "AirQualityObserved")).token();
        Ingestor ingestor = new Ingestor(devices, readings, IngestOptions.DEFAULTS, Clock.systemUTC(),
                Optional.of(Contexts.shipped()), feed);
        feed.addListener(new HubRuleFeed(ingestor, engine, Instant.EPOCH));
        // ten days per payload, as a gateway catching up would send them
        StringBuilder payload = new StringBuilder();
        int sent = 0;
        for (int i = 0; i < hours.size(); i++) {
            Hour h = hours.get(i);
            if (!Double.isNaN(h.pm25())) {
                payload.append(payload.isEmpty() ? "[" : ",").append("{\"ts\":").append(h.time().toEpochMilli())
                        .append(",\"values\":{\"pm25\":").append(h.pm25()).append("}}");
                sent++;
            }
            if ((i + 1) % 240 == 0 || i == hours.size() - 1) {
                ingestor.accept("dongsi", token, payload.append("]").toString());
                payload.setLength(0);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (engine.readings() < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        feed.close();
        // the last episode may still be open at the end of the file
        assertThat(engine.readings()).isEqualTo(sent);
        assertThat(feed.overflowed()).isZero();
    }

    @AfterAll
    void close() {
        context.close();
        readings.close();
    }

    static List<Hour> read(Path csv) throws IOException {
        List<Hour> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), 0);
            out.add(new Hour(local.toInstant(BEIJING), f[5].equals("NA") ? Double.NaN : Double.parseDouble(f[5])));
        }
        return out;
    }

    /**
     * The plain definition, straight from the file: maximal runs of consecutive hours with a value
     * above the limit (an NA hour ends a run), kept if their first and last hour are at least the
     * persistence apart.
     */
    static List<Episode> plainRuns(List<Hour> hours, double limit, Duration persistence) {
        List<Episode> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= hours.size(); i++) {
            boolean above = i < hours.size() && hours.get(i).pm25() > limit;
            if (above && start < 0) {
                start = i;
            } else if (!above && start >= 0) {
                int last = i - 1;
                if (Duration.between(hours.get(start).time(), hours.get(last).time()).compareTo(persistence) >= 0) {
                    double worst = hours.subList(start, i).stream().mapToDouble(Hour::pm25).max().getAsDouble();
                    out.add(new Episode(hours.get(start).time(), hours.get(last).time(), i - start, worst));
                }
                start = -1;
            }
        }
        return out;
    }

    List<Episode> found(String rule) {
        List<Episode> out = new ArrayList<>();
        for (Alert a : cleared) {
            if (a.rule().id().equals(rule)) {
                out.add(new Episode(a.from(), a.lastBreach(), a.readings(), a.worst()));
            }
        }
        for (Alert a : engine.active()) {
            if (a.rule().id().equals(rule)) {
                out.add(new Episode(a.from(), a.lastBreach(), a.readings(), a.worst()));
            }
        }
        out.sort(Comparator.comparing(Episode::from));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pm25-above-75-for-1h, 75, PT1H", "pm25-above-150-for-3h, 150, PT3H", "pm25-above-250, 250, PT0S"})
    void theEngineFindsExactlyTheEpisodesOfThePlainDefinition(String rule, double limit, String persistence) {
        List<Episode> expected = plainRuns(hours, limit, Duration.parse(persistence));
        List<Episode> found = found(rule);
        assertThat(found).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
        report(rule, found);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pm25-above-75-for-1h", "pm25-above-150-for-3h", "pm25-above-250"})
    void everyEpisodeIsAnAlertEntityInTheHub(String rule) {
        List<Alert> alerts = cleared.stream().filter(a -> a.rule().id().equals(rule)).toList();
        for (Alert a : alerts) {
            Entity e = context.find(a.entityUri()).orElseThrow(() -> new AssertionError("no Alert entity " + a.entityUri()));
            assertThat(e.type()).endsWith("Alert");
            assertThat(e.attributes().keySet()).anyMatch(k -> k.endsWith("validTo"));
        }
    }

    static void report(String rule, List<Episode> episodes) {
        long[] durations = episodes.stream().mapToLong(Episode::hours).sorted().toArray();
        System.out.printf("%s: %d episodes, %d hours in all, median %d h, longest %d h%n", rule, episodes.size(),
                java.util.Arrays.stream(durations).sum(), durations[durations.length / 2], durations[durations.length - 1]);
        episodes.stream().sorted(Comparator.comparingLong(Episode::hours).reversed().thenComparing(Episode::from)).limit(5)
                .forEach(e -> System.out.printf("  %s .. %s (Beijing time), %d h, peak %.0f µg/m³%n",
                        e.from().atOffset(BEIJING).toLocalDateTime(), e.lastBreach().atOffset(BEIJING).toLocalDateTime(),
                        e.hours(), e.worst()));
        episodes.stream().sorted(Comparator.comparingDouble(Episode::worst).reversed()).limit(3)
                .forEach(e -> System.out.printf("  worst peak: %s, %.0f µg/m³ (%d h)%n",
                        e.from().atOffset(BEIJING).toLocalDate(), e.worst(), e.hours()));
    }
}
