package org.citybrain.server.govern;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.GeoPoint;
import org.citybrain.govern.rules.AlertSink;
import org.citybrain.govern.rules.DurableAlerts;
import org.citybrain.govern.rules.FileRuleStateStore;
import org.citybrain.govern.rules.HubAlerts;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.rules.RuleStateStore;
import org.citybrain.govern.store.pg.PostgresRuleStateStore;
import org.citybrain.govern.store.RuleDefinitions;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.hub.Storage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The early-warning rules at run time: the engine with its state restored from
 * {@code <data-dir>/govern/rule-state.bin} and {@code rule-events.log} ({@link FileRuleStateStore}),
 * or in production mode from PostgreSQL under this server's node name ({@code citybrain.node},
 * default {@code main}; {@link PostgresRuleStateStore}),
 * alerts written to the hub and turned into cases through {@link DurableAlerts}, and the
 * {@link RulesRuntime} that feeds the engine from the change feed and saves its state.
 */
@Configuration
class RulesConfiguration {

    /** Writes each alert to the hub as an {@code Alert} entity, and a raised one as a case, on its own thread. */
    @Bean(destroyMethod = "close")
    DurableAlerts durableAlerts(ServerSettings settings, Storage storage, @Value("${citybrain.node:main}") String node,
            ContextStore store, Contexts contexts, Cases cases) {
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
        RuleStateStore state = storage.database().<RuleStateStore>map(db -> new PostgresRuleStateStore(db, node))
                .orElseGet(() -> new FileRuleStateStore(settings.dataDir().resolve("govern")));
        return new DurableAlerts(state, write, Clock.systemUTC());
    }

    @Bean
    RuleEngine ruleEngine(RuleDefinitions definitions, DurableAlerts alerts) {
        return new RuleEngine(definitions.all(), alerts);
    }

    @Bean(destroyMethod = "close")
    RulesRuntime rulesRuntime(RuleEngine engine, DurableAlerts alerts, ChangeFeed changes, Ingestor ingestor,
            DeviceRegistry devices, ContextStore store, MeterRegistry meters) {
        return new RulesRuntime(engine, alerts, changes, ingestor, devices, store, alerts.restore(engine), meters);
    }
}
