package org.citybrain.server.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.server.security.UserRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MQTT as the server runs it ({@code citybrain.mqtt.*}, {@link MqttSettings}): the embedded
 * broker by default, or a client of an external broker; either is the {@link MqttPublisher}.
 * Nothing at all with {@code citybrain.mqtt.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MqttSettings.class)
@ConditionalOnProperty(name = "citybrain.mqtt.enabled", havingValue = "true", matchIfMissing = true)
class MqttConfiguration {

    @Bean(destroyMethod = "close")
    TelemetryIngestion mqttIngestion(Ingestor ingestor, MqttSettings settings, MeterRegistry meters) {
        return new TelemetryIngestion(ingestor, settings.ingestThreads(), meters);
    }

    @Bean
    @ConditionalOnProperty(name = "citybrain.mqtt.mode", havingValue = "embedded", matchIfMissing = true)
    EmbeddedBroker embeddedMqttBroker(MqttSettings settings, TelemetryIngestion ingestion, DeviceRegistry devices,
            UserRegistry users, MeterRegistry meters) {
        return new EmbeddedBroker(settings, ingestion, new MqttClientIdentity.Authenticator(devices, users), meters);
    }

    @Bean
    @ConditionalOnProperty(name = "citybrain.mqtt.mode", havingValue = "external")
    ExternalBroker externalMqttBroker(MqttSettings settings, TelemetryIngestion ingestion) {
        return new ExternalBroker(settings, ingestion);
    }
}
