package org.citybrain.server.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.ContextRegistry;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresContexts;
import org.citybrain.hub.store.pg.PostgresDevices;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.server.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's engines as the server runs them: the stores (embedded in the data directory, or all in
 * PostgreSQL: {@link Storage}) and the ingestor over them.
 */
@Configuration
class HubConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(HubConfiguration.class);

    /** PostgreSQL when {@code citybrain.db.url} ({@code CITYBRAIN_DB_URL}) is set, else the data directory. */
    @Bean(destroyMethod = "close")
    Storage storage(ServerSettings settings) {
        Storage storage = Storage.of(settings);
        storage.options().ifPresentOrElse(o -> LOG.info("production mode: everything in PostgreSQL, {}", o),
                () -> LOG.info("embedded mode: everything in {}", settings.dataDir().toAbsolutePath()));
        return storage;
    }

    /**
     * The readings' store: PostgreSQL in production mode, else the embedded write-ahead log in
     * {@code readings/}.
     */
    @Bean(destroyMethod = "close")
    ReadingStore readingStore(ServerSettings settings, Storage storage) {
        if (storage.options().isPresent()) {
            return PostgresReadingStore.open(storage.options().get());
        }
        return WalStore.open(settings.dataDir().resolve("readings"));
    }

    /**
     * The JSON-LD contexts the server knows, never fetched (decision 0007): those shipped, and those
     * an administrator added ({@code citybrain_jsonld_context} in production mode, else
     * {@code contexts.json}).
     */
    @Bean
    Contexts jsonLdContexts(ServerSettings settings, Storage storage) {
        ContextRegistry registry = storage.database().<ContextRegistry>map(PostgresContexts::new)
                .orElseGet(() -> ContextRegistry.file(settings.dataDir().resolve("contexts.json")));
        return Contexts.shipped().with(registry);
    }

    /** {@code citybrain.store.queue}: appends waiting for the readings' store to make them durable. */
    @Bean
    io.micrometer.core.instrument.Gauge readingQueueGauge(ReadingStore store, io.micrometer.core.instrument.MeterRegistry meters) {
        return io.micrometer.core.instrument.Gauge.builder("citybrain.store.queue", store, ReadingStore::queuedAppends)
                .description("appends waiting to be made durable").tag("store", "readings").register(meters);
    }

    /** The devices: {@code citybrain_device} in production mode, else {@code devices.json}. */
    @Bean
    DeviceRegistry deviceRegistry(ServerSettings settings, Storage storage) {
        return storage.database().map(db -> DeviceRegistry.on(new PostgresDevices(db)))
                .orElseGet(() -> DeviceRegistry.open(settings.dataDir().resolve("devices.json")));
    }

    /** Durable entity changes, from the context store and the ingestor, for subscriptions. */
    @Bean(destroyMethod = "close")
    ChangeFeed changeFeed() {
        return new ChangeFeed();
    }

    @Bean
    Ingestor ingestor(DeviceRegistry devices, ReadingStore store, ServerSettings settings, Contexts contexts,
            ChangeFeed changes) {
        IngestOptions options = new IngestOptions(settings.zone(), settings.maxBodyBytes(),
                IngestOptions.DEFAULTS.maxReadingsPerPayload(), Duration.ofMinutes(10));
        return new Ingestor(devices, store, options, Clock.systemUTC(), Optional.of(contexts), changes);
    }
}
