package org.citybrain.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the server's own endpoints ({@code /v3/api-docs}, browsable at
 * {@code /swagger-ui.html}); the NGSI-LD API is described by its ETSI specification.
 */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI citybrainOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("CityBrain API")
                        .description("Devices, telemetry and users. The NGSI-LD API under /ngsi-ld/v1 follows ETSI GS CIM 009.")
                        .version(version == null ? "development" : version)
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("a user's token, or a device's token for telemetry")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
