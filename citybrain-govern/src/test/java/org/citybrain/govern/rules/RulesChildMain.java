package org.citybrain.govern.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.WalStore;

/**
 * For {@link RuleStateKillTest}: the rules of a hub in a data directory, as the server runs them
 * (write-ahead log, change feed, {@link HubRuleFeed}, {@link DurableAlerts} over a
 * {@link FileRuleStateStore}, a checkpoint every 20 rounds), fed one reading per sensor per round
 * until killed, printing each round once acknowledged. Alert events go to {@code delivered.log},
 * one key a line, forced to disk.
 */
public final class RulesChildMain {
    static final int SENSORS = 4;
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private RulesChildMain() {
    }

    /** The rules of {@link RuleStateTest} but the absence one (its checks follow the wall clock). */
    static List<Rule> rules() {
        return RuleStateTest.allKinds().stream().filter(r -> !(r.condition() instanceof Condition.Absence)).toList();
    }

    static URI sensor(int s) {
        return URI.create("urn:ngsi-ld:AirQualityObserved:k" + s);
    }

    /** The reading of sensor {@code s} in round {@code r}: a fixed pattern with episodes, jumps and noise. */
    static double value(int s, int r) {
        double wave = 60 + 30 * Math.sin((r + 17 * s) / 9.0);
        double noise = ((r * 31 + s * 7) % 11) - 5;
        return Math.round((wave + noise + ((r + s) % 37 == 0 ? 60 : 0)) * 10) / 10.0;
    }

    static DeviceRegistry devices() {
        DeviceRegistry devices = DeviceRegistry.inMemory();
        for (int s = 0; s < SENSORS; s++) {
            devices.register(Device.of("k" + s, sensor(s).toString(), "AirQualityObserved"));
        }
        return devices;
    }

    /** Appends each alert event's key to {@code file}, forced before returning. */
    static AlertSink deliveredLog(Path file) {
        return (change, alert) -> {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap((DurableAlerts.key(change, alert) + "\n").getBytes(StandardCharsets.UTF_8)));
                out.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        WalStore store = WalStore.open(dir.resolve("readings"));
        ChangeFeed feed = new ChangeFeed();
        DeviceRegistry devices = devices();
        String[] tokens = new String[SENSORS];
        for (int s = 0; s < SENSORS; s++) {
            tokens[s] = devices.register(devices.find("k" + s).orElseThrow().withId("t" + s)).token();
        }
        Ingestor ingestor = new Ingestor(devices, store, IngestOptions.DEFAULTS, Clock.systemUTC(), Optional.empty(), feed);
        DurableAlerts alerts = new DurableAlerts(new FileRuleStateStore(dir.resolve("state")),
                deliveredLog(dir.resolve("delivered.log")), Clock.systemUTC());
        RuleEngine engine = new RuleEngine(rules(), alerts);
        alerts.restore(engine);
        HubRuleFeed rules = new HubRuleFeed(ingestor, engine, Instant.EPOCH, feed::overflowed);
        feed.addListener(rules);
        for (int r = 0;; r++) {
            for (int s = 0; s < SENSORS; s++) {
                long ts = T0.plus(Duration.ofMinutes(r)).toEpochMilli();
                ingestor.accept("t" + s, tokens[s], "{\"ts\":" + ts + ",\"values\":{\"pm25\":" + value(s, r) + "}}");
            }
            if (r % 20 == 19) {
                alerts.checkpoint(engine);
            }
            System.out.println(r);
            System.out.flush();
        }
    }
}
