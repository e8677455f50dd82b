package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM running the rules of a hub ({@link RulesChildMain}) is killed with SIGKILL at a random
 * round; after the restart (state restored, the store caught up) every alert event the rules
 * find over all the durable readings has been delivered, and none twice, except at most the one
 * event whose delivery the kill cut between the write and its journal line.
 */
class RuleStateKillTest {

    @Test
    void afterKillMinus9NoAlertEventIsLostAndNoneIsDeliveredTwice(@TempDir Path dir) throws Exception {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        // between two checkpoints (every 20 rounds), so that events after the last one are evaluated again
        int killAt = 60 + 20 * random.nextInt(10) + 3 + random.nextInt(14);
        System.out.println("RuleStateKillTest seed " + seed + ": kill after round " + killAt);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RulesChildMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < killAt && (line = out.readLine()) != null) {
                acknowledged = Integer.parseInt(line.trim());
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).isEqualTo(killAt);

        // the restart, as the server does it: restore, catch up every series the state knows
        List<List<Reading>> series = new ArrayList<>();
        try (WalStore store = WalStore.open(dir.resolve("readings"))) {
            Ingestor ingestor = new Ingestor(RulesChildMain.devices(), store, IngestOptions.DEFAULTS, Clock.systemUTC(),
                    Optional.empty(), new ChangeFeed());
            DurableAlerts alerts = new DurableAlerts(new FileRuleStateStore(dir.resolve("state")),
                    RulesChildMain.deliveredLog(dir.resolve("delivered.log")), Clock.systemUTC());
            RuleEngine engine = new RuleEngine(RulesChildMain.rules(), alerts);
            assertThat(alerts.restore(engine)).isPresent();
            new HubRuleFeed(ingestor, engine, Instant.EPOCH).catchUp();
            alerts.checkpoint(engine);
            alerts.close();
            for (int s = 0; s < RulesChildMain.SENSORS; s++) {
                series.add(ingestor.history(RulesChildMain.sensor(s), "pm25", Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")));
            }
        }
        // what one engine that never stopped finds over every durable reading
        Set<String> expected = new HashSet<>();
        RuleEngine reference = new RuleEngine(RulesChildMain.rules(), (c, a) -> expected.add(DurableAlerts.key(c, a)));
        for (List<Reading> readings : series) {
            assertThat(readings.size()).isGreaterThan(killAt);
            for (Reading r : readings) {
                reference.accept(r.entityId(), "AirQualityObserved", "pm25", r.observedAt(),
                        HubRuleFeed.numericValue(r.value()));
            }
        }
        List<String> delivered = Files.readAllLines(dir.resolve("delivered.log"), StandardCharsets.UTF_8);
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(new HashSet<>(delivered)).isEqualTo(expected);
        assertThat(delivered.size() - expected.size()).as("delivered twice").isLessThanOrEqualTo(1);
    }
}
