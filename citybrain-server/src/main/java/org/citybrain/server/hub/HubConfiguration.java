package org.citybrain.server.hub;

import java.time.Clock;
import java.time.Duration;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.server.ServerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's engines as the server runs them: the embedded stores in the data directory
 * ({@code readings/} for the write-ahead log, {@code devices.json}) and the ingestor over them.
 */
@Configuration
class HubConfiguration {

    @Bean(destroyMethod = "close")
    ReadingStore readingStore(ServerSettings settings) {
        return WalStore.open(settings.dataDir().resolve("readings"));
    }

    @Bean
    DeviceRegistry deviceRegistry(ServerSettings settings) {
        return DeviceRegistry.open(settings.dataDir().resolve("devices.json"));
    }

    @Bean
    Ingestor ingestor(DeviceRegistry devices, ReadingStore store, ServerSettings settings) {
        IngestOptions options = new IngestOptions(settings.zone(), settings.maxBodyBytes(),
                IngestOptions.DEFAULTS.maxReadingsPerPayload(), Duration.ofMinutes(10));
        return new Ingestor(devices, store, options, Clock.systemUTC());
    }
}
