package org.citybrain.server.govern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.GeoPoint;
import org.citybrain.govern.cases.GovernanceConfig;
import org.citybrain.govern.rules.AlertSink;
import org.citybrain.govern.rules.HubAlerts;
import org.citybrain.govern.rules.HubRuleFeed;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Network for integrated management in the server: the rules engine fed by the hub's change
 * feed, alerts written to the hub and turned into cases, the cases in {@code govern/cases.log},
 * and a timer that checks silent sensors and escalates overdue cases every 10 seconds.
 * Everything lives under {@code <data-dir>/govern/}.
 */
@Configuration
class GovernConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GovernConfiguration.class);

    @Bean(destroyMethod = "close")
    Cases cases(ServerSettings settings) {
        Path dir = settings.dataDir().resolve("govern");
        Path config = dir.resolve("governance.json");
        GovernanceConfig governance;
        if (Files.exists(config)) {
            try {
                governance = GovernanceConfig.read(Files.readString(config, StandardCharsets.UTF_8), config.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(config + ": cannot read: " + e.getMessage(), e);
            }
        } else {
            governance = GovernanceConfig.defaults();
        }
        return Cases.open(dir.resolve("cases.log"), governance, Clock.systemUTC());
    }

    /**
     * Writes alerts and their cases on a thread of its own, in order: the engine runs on the change
     * feed's thread, which must stay quick, and a write waits for its fsync.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService alertWriter() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "govern-alerts");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    RuleEngine ruleEngine(ServerSettings settings, ContextStore store, Contexts contexts, Cases cases, ExecutorService alertWriter) {
        HubAlerts hub = new HubAlerts(store, contexts);
        AlertSink write = (change, alert) -> {
            hub.accept(change, alert);
            if (change == AlertSink.Change.RAISED) {
                Optional<GeoPoint> where = hub.entity(alert).geoProperty(contexts.core().expand("location"))
                        .flatMap(GovernConfiguration::point);
                cases.report(new Cases.Report(CaseSource.ALERT, alert.rule().subCategory().orElse(alert.rule().category()),
                        HubAlerts.describe(alert), where, Optional.empty(), "rule:" + alert.rule().id(),
                        Optional.of("alert:" + alert.id()), List.of(alert.entityUri())));
            }
        };
        AlertSink sink = (change, alert) -> alertWriter.execute(() -> {
            try {
                write.accept(change, alert);
            } catch (RuntimeException e) {
                LOG.error("alert {} ({}) could not be written or made a case", alert.id(), change, e);
            }
        });
        return new RuleEngine(RuleStore.load(settings.dataDir().resolve("govern").resolve("rules.json")), sink);
    }

    @Bean
    RuleStore ruleStore(ServerSettings settings, RuleEngine engine) {
        return new RuleStore(settings.dataDir().resolve("govern").resolve("rules.json"), engine);
    }

    @Bean
    Open311Keys open311Keys(ServerSettings settings) {
        return new Open311Keys(settings.dataDir().resolve("govern").resolve("open311-keys.json"));
    }

    /** Feeds the engine from the change feed, and runs the 10-second timer. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService governTimer(ChangeFeed feed, Ingestor ingestor, RuleEngine engine, Cases cases) {
        // history from before this start is not evaluated again: a restart raises no old alerts
        feed.addListener(new HubRuleFeed(ingestor, engine, Instant.now().minus(Duration.ofMinutes(1))));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "govern-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                engine.tick(Instant.now());
                cases.escalateOverdue();
            } catch (RuntimeException e) {
                LOG.warn("govern timer round failed; next in 10 s", e);
            }
        }, 10, 10, TimeUnit.SECONDS);
        return timer;
    }

    static Optional<GeoPoint> point(GeoProperty location) {
        var v = location.value();
        if (v != null && "Point".equals(v.path("type").asText()) && v.path("coordinates").size() >= 2) {
            return Optional.of(new GeoPoint(v.get("coordinates").get(1).asDouble(), v.get("coordinates").get(0).asDouble()));
        }
        return Optional.empty();
    }
}
