package org.citybrain.server.dashboard;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations dashboard's settings, under {@code citybrain.dashboard.*} (environment:
 * {@code CITYBRAIN_DASHBOARD_*}); defaults here and in docs/dashboard.md.
 *
 * @param updateInterval  at most one live update per browser per this interval (default 500 ms)
 * @param sampleInterval  one sample of the key figures for the charts per this interval (default 10 s)
 * @param history         how far back the charts go, kept in memory (default 1 h)
 * @param defaultPeriod   the observation period of a TrafficFlowObserved reading that names none
 *                        with dateObservedFrom/To, for the throughput (default 60 s)
 * @param tileUrl         a map tile URL template ({@code https://.../{z}/{x}/{y}.png}); none by
 *                        default: the map draws the network on a plain background, offline
 * @param tileAttribution the attribution the tile server asks for
 */
@ConfigurationProperties("citybrain.dashboard")
record DashboardSettings(@DefaultValue("500ms") Duration updateInterval, @DefaultValue("10s") Duration sampleInterval,
        @DefaultValue("1h") Duration history, @DefaultValue("60s") Duration defaultPeriod, Optional<String> tileUrl,
        Optional<String> tileAttribution) {

    DashboardSettings {
        tileUrl = tileUrl == null ? Optional.empty() : tileUrl.filter(s -> !s.isBlank());
        tileAttribution = tileAttribution == null ? Optional.empty() : tileAttribution;
    }

    DashboardFeed.Settings feed() {
        return new DashboardFeed.Settings(updateInterval, sampleInterval, history, defaultPeriod);
    }
}
