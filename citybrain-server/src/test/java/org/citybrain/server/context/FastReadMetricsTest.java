package org.citybrain.server.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * {@link FastReadMetrics} leaves the same meters, with the same counts, as Spring's observation
 * filter does for the same answers: two registries, one fed through {@link ServerHttpObservationFilter}
 * (the route set as MVC sets it), one through FastReadMetrics.
 */
class FastReadMetricsTest {
    private static final String PATH = FastEntityRead.PREFIX + "urn:ngsi-ld:Sensor:1";

    /** One registry with the observation handler Spring Boot installs, and what may go on it. */
    private record Registry(MeterRegistry meters, ObservationRegistry observations) {
        static Registry of(boolean commonKeyValue, boolean enabled) {
            MeterRegistry meters = new SimpleMeterRegistry();
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            if (commonKeyValue) { // as management.observations.key-values.region=east adds it
                observations.observationConfig().observationFilter(c -> c.addLowCardinalityKeyValue(KeyValue.of("region", "east")));
            }
            observations.observationConfig().observationPredicate((name, context) -> enabled);
            return new Registry(meters, observations);
        }

        /** Every meter by its id (name and tags) with its count. */
        Map<String, Long> counts() {
            Map<String, Long> counts = new TreeMap<>();
            for (Meter meter : meters.getMeters()) {
                long count = meter instanceof Timer t ? t.count() : meter instanceof LongTaskTimer l ? l.activeTasks() : -1;
                counts.put(meter.getId().getName() + meter.getId().getTags(), count);
            }
            return counts;
        }
    }

    private static final DefaultServerRequestObservationConvention CONVENTION =
            new DefaultServerRequestObservationConvention("http.server.requests");

    private static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
        request.addHeader("Authorization", "Bearer x");
        return request;
    }

    private static MockHttpServletRequest request(int i, int clients) {
        MockHttpServletRequest request = request();
        if (clients > 0) {
            request.addHeader("X-Client", String.valueOf(i % clients));
        }
        return request;
    }

    /** The answer as the fast path writes it; {@code active} sees the long-task timers while it runs. */
    private static FilterChain answer(Registry registry, AtomicReference<Map<String, Long>> active, boolean fail) {
        return (rq, rs) -> {
            ServerHttpObservationFilter.findObservationContext((jakarta.servlet.http.HttpServletRequest) rq)
                    .ifPresent(c -> c.setPathPattern(FastEntityRead.ROUTE)); // what MVC does on the normal path
            HttpServletResponse out = (HttpServletResponse) rs;
            out.setStatus(200);
            active.set(registry.counts());
            if (fail) {
                throw new IOException("Broken pipe");
            }
            out.getOutputStream().write('{');
        };
    }

    private static void compare(boolean commonKeyValue, boolean enabled) throws Exception {
        compare(commonKeyValue, enabled, CONVENTION, 0);
    }

    /** Answers to requests that carry {@code X-Client: 0 .. clients-1} in turn (none if 0). */
    private static void compare(boolean commonKeyValue, boolean enabled, ServerRequestObservationConvention convention,
            int clients) throws Exception {
        Registry observed = Registry.of(commonKeyValue, enabled);
        Registry fast = Registry.of(commonKeyValue, enabled);
        ServerHttpObservationFilter filter = new ServerHttpObservationFilter(observed.observations(), convention);
        FastReadMetrics metrics = new FastReadMetrics(fast.observations(), convention, fast.meters());
        AtomicReference<Map<String, Long>> observedActive = new AtomicReference<>();
        AtomicReference<Map<String, Long>> fastActive = new AtomicReference<>();
        for (int i = 0; i < 5; i++) {
            filter.doFilter(request(i, clients), new MockHttpServletResponse(), answer(observed, observedActive, false));
            metrics.record(request(i, clients), new MockHttpServletResponse(), answer(fast, fastActive, false));
            assertThat(fastActive.get()).as("meters while answer %d ran", i).isEqualTo(observedActive.get());
            assertThat(fast.counts()).as("after answer %d", i).isEqualTo(observed.counts());
        }
        MockHttpServletResponse observedResponse = new MockHttpServletResponse();
        MockHttpServletResponse fastResponse = new MockHttpServletResponse();
        assertThatThrownBy(() -> filter.doFilter(request(), observedResponse, answer(observed, observedActive, true)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> metrics.record(request(), fastResponse, answer(fast, fastActive, true)))
                .isInstanceOf(IOException.class);
        assertThat(fastResponse.getStatus()).isEqualTo(observedResponse.getStatus());
        assertThat(fast.counts()).as("after a failed answer").isEqualTo(observed.counts());
        if (enabled && clients == 0) {
            assertThat(fast.counts()).containsEntry("http.server.requests[tag(error=none), tag(exception=none), tag(method=GET), "
                    + "tag(outcome=SUCCESS), " + (commonKeyValue ? "tag(region=east), " : "") + "tag(status=200), tag(uri="
                    + FastEntityRead.ROUTE + ")]", 5L);
            assertThat(fastActive.get().values()).as("one answer in flight").contains(1L);
        } else if (!enabled) {
            assertThat(fast.counts()).isEmpty();
        }
    }

    @Test
    void answersLeaveTheMetersAndCountsTheObservationFilterLeaves() throws Exception {
        compare(false, true);
    }

    @Test
    void commonKeyValuesOfTheRegistryAreKept() throws Exception {
        compare(true, true);
    }

    @Test
    void nothingIsRecordedWhenTheObservationIsOff() throws Exception {
        compare(false, false);
    }

    @Test
    void anApplicationsOwnConventionIsObservedForEveryAnswer() throws Exception {
        ServerRequestObservationConvention byClient = new DefaultServerRequestObservationConvention("http.server.requests") {
            @Override
            public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
                String client = context.getCarrier().getHeader("X-Client");
                return super.getLowCardinalityKeyValues(context).and("client", client == null ? "none" : client);
            }
        };
        compare(false, true, byClient, 3);
    }
}
