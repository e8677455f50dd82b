package org.citybrain.server.city;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.server.mqtt.MqttPublisher;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.mqtt.EmbeddedBroker;
import org.citybrain.server.mqtt.MqttSettings;
import org.citybrain.twin.Scenario;
import org.citybrain.twin.format.ScenarioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The simulated city in the server ({@code citybrain.city.*}, {@link CitySettings}): nothing
 * unless {@code citybrain.city.roadnet} is set. The city starts once the server is ready (its
 * broker listening) and stops first when the server closes, before the broker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CitySettings.class)
@ConditionalOnProperty(name = "citybrain.city.roadnet")
class CityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CityConfiguration.class);

    @Bean(destroyMethod = "close")
    VirtualCity virtualCity(CitySettings city, ServerSettings server, DeviceRegistry registry) {
        Scenario scenario = ScenarioFormat.load(Path.of(city.roadnet().orElseThrow()), Path.of(city.flow().orElseThrow()), Optional.empty());
        CityModel model = new CityModel(scenario.network(), city.geoReference(), city.districts(), city.carParks(),
                city.maxSignals(), city.emergencyVehicles());
        return new VirtualCity(city, scenario, model, new CityDevices(registry, server.dataDir()));
    }

    @Bean(destroyMethod = "close")
    CityControl cityControl(VirtualCity city, ObjectProvider<MqttPublisher> mqtt, Ingestor ingestor, ContextStore store,
            Contexts contexts, ServerSettings server, MeterRegistry meters, ChangeFeed changes) {
        MqttPublisher publisher = mqtt.getIfAvailable(() -> (topic, payload, qos) -> {
            throw new IllegalStateException("the server has no MQTT (citybrain.mqtt.enabled=false): no command reaches a signal");
        });
        CityControl control = new CityControl(city.model(), publisher, ingestor, store, contexts.core(), server.dataDir(), meters,
                city.settings().speed());
        city.onCommandTaken(control::taken);
        changes.addListener(control::changed);
        return control;
    }

    @Bean
    CityEmergency cityEmergency(VirtualCity city, CityControl control, Ingestor ingestor, Contexts contexts, ChangeFeed changes) {
        CityEmergency emergency = new CityEmergency(city.model(), control, ingestor, contexts.core());
        changes.addListener(emergency::changed);
        return emergency;
    }

    @Bean(destroyMethod = "close")
    IncidentDetector incidentDetector(VirtualCity city, ContextStore store, Contexts contexts, ChangeFeed changes) {
        IncidentDetector detector = new IncidentDetector(city.model(), store, contexts.core(),
                city.settings().detectorInterval().toSeconds(), city::time, city.incidents()::detected);
        changes.addListener(detector::changed);
        return detector;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> cityStart(VirtualCity city, CityControl control, ContextStore store,
            Contexts contexts, ObjectProvider<EmbeddedBroker> embedded, ObjectProvider<MqttSettings> mqtt) {
        return event -> {
            city.publishTwin(store, contexts.core(), control.controllers());
            city.start(broker(embedded.getIfAvailable(), mqtt.getIfAvailable()));
            control.start();
        };
    }

    @Bean
    ApplicationListener<ContextClosedEvent> cityStop(VirtualCity city) {
        return event -> city.close();
    }

    private static URI broker(EmbeddedBroker embedded, MqttSettings mqtt) {
        if (embedded != null) {
            return URI.create("tcp://127.0.0.1:" + embedded.port());
        }
        if (mqtt != null && mqtt.enabled() && mqtt.url().isPresent()) {
            LOG.info("city: devices connect to the external broker {}; it must accept their ids and tokens", mqtt.url().get());
            URI u = mqtt.url().get();
            return URI.create("tcp://" + u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 1883));
        }
        throw new IllegalStateException("the city publishes over MQTT, but the server has none "
                + "(citybrain.mqtt.enabled=false); enable MQTT or unset citybrain.city.roadnet");
    }
}
