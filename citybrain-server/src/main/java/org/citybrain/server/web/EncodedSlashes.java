package org.citybrain.server.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Percent-encoded slashes in a path, as NGSI-LD clients send an entity id such as
 * {@code http://example.org/roads/1} in {@code /entities/{id}} ({@code http%3A%2F%2Fexample.org%2F...}):
 * Tomcat leaves {@code %2F} (and so {@code %25}) encoded in the path instead of refusing the
 * request, Spring's firewall lets them through, and the path's variables are decoded one segment
 * at a time. An encoded slash never separates segments: {@code %2F..%2F} cannot climb to another
 * route, and every route's access rule applies as before.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesPassThrough() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    @Bean
    WebSecurityCustomizer encodedSlashesAllowed() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }
}
