package org.citybrain.server.context;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.store.pg.PostgresSubscriptions;
import org.citybrain.hub.subscription.HttpTransport;
import org.citybrain.hub.subscription.NotificationTransport;
import org.citybrain.hub.subscription.SubscriptionManager;
import org.citybrain.hub.subscription.SubscriptionStore;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.hub.Storage;
import org.citybrain.server.mqtt.MqttNotifications;
import org.citybrain.server.mqtt.MqttPublisher;
import org.citybrain.server.mqtt.MqttSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Subscriptions as the server runs them: kept in PostgreSQL in production mode, else in
 * {@code subscriptions.json} of the data directory,
 * fed by the change feed of the context store and the ingestor, notifying over HTTP and, when the
 * server speaks MQTT, over its broker. Metrics: {@code citybrain.notifications{outcome}},
 * {@code citybrain.notifications.latency}, {@code citybrain.notifications.dropped},
 * {@code citybrain.changes.queue}, {@code citybrain.changes.dropped}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationSettings.class)
class SubscriptionConfiguration {

    @Bean(destroyMethod = "close")
    SubscriptionManager subscriptionManager(ServerSettings settings, Storage storage, NotificationSettings notifications,
            ContextStore store,
            Contexts contexts, ChangeFeed changes, ObjectProvider<MqttPublisher> mqtt, ObjectProvider<MqttSettings> mqttSettings,
            MeterRegistry meters) {
        List<NotificationTransport> transports = new ArrayList<>();
        transports.add(new HttpTransport(notifications.timeout()));
        MqttPublisher publisher = mqtt.getIfAvailable();
        if (publisher != null) {
            transports.add(MqttNotifications.over(publisher, mqttSettings.getObject()));
        }
        Counter ok = meters.counter("citybrain.notifications", "outcome", "ok");
        Counter failed = meters.counter("citybrain.notifications", "outcome", "failed");
        Timer latency = Timer.builder("citybrain.notifications.latency")
                .description("from the change being durable to the endpoint taking its notification")
                .publishPercentiles(0.5, 0.99).register(meters);
        SubscriptionStore kept = storage.database().<SubscriptionStore>map(PostgresSubscriptions::new)
                .orElseGet(() -> SubscriptionStore.file(settings.dataDir().resolve("subscriptions.json")));
        SubscriptionManager manager = new SubscriptionManager(kept, store::find,
                contexts, transports, notifications.options(), Clock.systemUTC(), (success, nanos) -> {
                    (success ? ok : failed).increment();
                    if (success) {
                        latency.record(nanos, TimeUnit.NANOSECONDS);
                    }
                });
        FunctionCounter.builder("citybrain.notifications.dropped", manager, SubscriptionManager::dropped)
                .description("entity changes not notified: their subscription had too many waiting").register(meters);
        Gauge.builder("citybrain.changes.queue", changes, ChangeFeed::depth)
                .description("entity changes waiting to be matched against subscriptions").register(meters);
        FunctionCounter.builder("citybrain.changes.dropped", changes, ChangeFeed::overflowed)
                .description("entity changes dropped because the change queue was full").register(meters);
        changes.addListener(manager);
        return manager;
    }
}
