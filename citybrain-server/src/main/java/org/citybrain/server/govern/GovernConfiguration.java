package org.citybrain.server.govern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.CaseStore;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.EmbeddedCaseStore;
import org.citybrain.govern.cases.GeoPoint;
import org.citybrain.govern.cases.GovernanceConfig;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.store.ApiKeyFile;
import org.citybrain.govern.store.ApiKeys;
import org.citybrain.govern.store.RuleDefinitions;
import org.citybrain.govern.store.RuleFile;
import org.citybrain.govern.store.pg.PostgresApiKeys;
import org.citybrain.govern.store.pg.PostgresCaseStore;
import org.citybrain.govern.store.pg.PostgresRuleDefinitions;
import org.citybrain.hub.entity.GeoProperty;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.hub.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Network for integrated management in the server: the cases, the rule definitions, Open311
 * keys, and a timer that escalates overdue cases and picks up rules changed on another server
 * every 10 seconds. The rules at run time are {@link RulesConfiguration}'s. Cases, rules and
 * Open311 keys live under {@code <data-dir>/govern/} in embedded mode, and in PostgreSQL in
 * production mode ({@link Storage}, decision 0019); the configuration
 * ({@code govern/governance.json}) is read from the data directory in both.
 */
@Configuration
class GovernConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GovernConfiguration.class);

    @Bean(destroyMethod = "close")
    Cases cases(ServerSettings settings, Storage storage) {
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
        CaseStore store = storage.database().<CaseStore>map(PostgresCaseStore::new)
                .orElseGet(() -> EmbeddedCaseStore.open(dir.resolve("cases.log")));
        return Cases.in(store, governance, Clock.systemUTC());
    }

    @Bean
    RuleDefinitions ruleDefinitions(ServerSettings settings, Storage storage) {
        return storage.database().<RuleDefinitions>map(PostgresRuleDefinitions::new)
                .orElseGet(() -> RuleFile.open(settings.dataDir().resolve("govern").resolve("rules.json")));
    }

    @Bean
    RuleStore ruleStore(RuleDefinitions definitions, RuleEngine engine) {
        return new RuleStore(definitions, engine);
    }

    @Bean
    Open311Keys open311Keys(ServerSettings settings, Storage storage) {
        return new Open311Keys(storage.database().<ApiKeys>map(PostgresApiKeys::new)
                .orElseGet(() -> new ApiKeyFile(settings.dataDir().resolve("govern").resolve("open311-keys.json"))));
    }

    /** Escalates overdue cases every 10 seconds. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService governTimer(RuleStore rules, Cases cases) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "govern-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                rules.refresh();
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
