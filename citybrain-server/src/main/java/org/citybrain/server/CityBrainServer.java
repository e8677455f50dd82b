package org.citybrain.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The CityBrain server: a thin Spring Boot layer over the hub (NGSI-LD context, device
 * ingestion, history) with security and operations endpoints. Started by {@code citybrain serve}.
 */
// users come from our own registry (security/), not from Spring's generated default user
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(ServerSettings.class)
public class CityBrainServer {

    /**
     * Starts the server and returns once it listens.
     *
     * @param port    the HTTP port (0 picks a free one)
     * @param dataDir where the embedded stores keep their files
     * @param args    further Spring Boot arguments ({@code --name=value})
     */
    public static ConfigurableApplicationContext start(int port, String dataDir, String... args) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.port", port);
        defaults.put("citybrain.data-dir", dataDir);
        SpringApplication app = new SpringApplication(CityBrainServer.class);
        app.setDefaultProperties(defaults);
        return app.run(args);
    }

    public static void main(String[] args) {
        SpringApplication.run(CityBrainServer.class, args);
    }
}
