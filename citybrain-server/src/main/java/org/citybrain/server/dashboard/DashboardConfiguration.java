package org.citybrain.server.dashboard;

import java.time.Clock;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations dashboard (docs/dashboard.md): the page at {@code /} and its static files, and
 * behind them the live feed of the hub's entities.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardSettings.class)
class DashboardConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    DashboardFeed dashboardFeed(ContextStore store, ChangeFeed changes, DashboardSettings settings) {
        return new DashboardFeed(store, changes, Clock.systemUTC(), settings.feed());
    }
}
