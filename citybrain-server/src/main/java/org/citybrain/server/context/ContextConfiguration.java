package org.citybrain.server.context;

import java.time.Clock;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.context.PostgresContextStore;
import org.citybrain.hub.sdm.SmartDataModels;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.hub.Storage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The NGSI-LD context as the server runs it: in PostgreSQL in production mode, else the embedded
 * store in {@code context/} of the data directory.
 */
@Configuration
class ContextConfiguration {

    @Bean(destroyMethod = "close")
    ContextStore contextStore(ServerSettings settings, Storage storage, ReadingStore readings, ChangeFeed changes) {
        if (storage.database().isPresent()) {
            return PostgresContextStore.open(storage.database().get(), readings, Clock.systemUTC(), changes);
        }
        return EmbeddedContextStore.open(settings.dataDir().resolve("context"), readings, Clock.systemUTC(), changes);
    }

    @Bean
    SmartDataModels smartDataModels() {
        return SmartDataModels.bundled();
    }
}
