package org.citybrain.server.context;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * The request metrics of the answers {@link FastEntityRead} gives, recorded into the very meters
 * the HTTP server observation ({@code http.server.requests}: Spring's
 * {@code ServerHttpObservationFilter} with Micrometer's {@code DefaultMeterObservationHandler})
 * records a request into, without an {@link Observation} per request: that observation (key
 * values computed, sorted and copied into tags, the meters looked up by them, handlers notified,
 * a scope opened) cost more server CPU than the rest of a fast answer but Tomcat.
 *
 * <p>The first fast answer is observed for real, exactly as the filter would observe it; its
 * observation's tags at start and at stop name the meters it recorded into: the timer
 * ({@code http.server.requests}, tags at stop plus {@code error=none}) and, if the registry keeps
 * one, the long-task timer of requests in flight ({@code http.server.requests.active}, tags at
 * start). Later fast answers start and stop those two directly. This relies on every fast answer
 * getting the same tags (GET, 200, SUCCESS, the route {@value FastEntityRead#ROUTE}, no
 * exception, and any common key values configured): true of Spring's default convention, which
 * is the one the server uses; with any other convention (an application's bean, which may tag by
 * request) every fast answer is observed for real.
 * If the observation is off ({@code management.observations.enable.http.server.requests=false})
 * nothing is recorded, as before; if the meters cannot be found (another kind of handler),
 * every fast answer is observed for real.
 *
 * <p>An answer that fails (the client went away while it was written) is recorded as the filter
 * records it — the error's class in {@code exception} and {@code error}, status 500 — through an
 * observation started when the failure is seen, so only its duration is shorter than the time the
 * answer took.
 */
final class FastReadMetrics {
    private static final DefaultServerRequestObservationConvention DEFAULT_CONVENTION =
            new DefaultServerRequestObservationConvention();

    private final ObservationRegistry observations;
    private final ServerRequestObservationConvention convention;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Null until the first fast answer has been observed. */
    private volatile Prepared prepared;

    /**
     * What later answers record into: {@code observe} (always observe for real) or the timer and,
     * if kept, the long-task timer; {@code off} when the observation is disabled.
     */
    private record Prepared(boolean off, boolean observe, Timer timer, LongTaskTimer active) {
    }

    /**
     * @param convention the convention the server's observation filter uses (Spring Boot passes
     *                   its {@link DefaultServerRequestObservationConvention} under the configured name)
     */
    FastReadMetrics(ObservationRegistry observations, ServerRequestObservationConvention convention, MeterRegistry meters) {
        this.observations = observations;
        this.convention = convention;
        this.meters = meters;
        this.clock = meters.config().clock();
    }

    /** Has {@code answer} write the response of {@code request}, recording it in the request metrics. */
    void record(HttpServletRequest request, HttpServletResponse response, FilterChain answer)
            throws IOException, ServletException {
        Prepared meters = prepared;
        if (meters == null || meters.observe()) {
            observe(request, response, answer, meters == null);
            return;
        }
        if (meters.off()) {
            try {
                answer.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException e) {
                response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR); // as the filter does, observed or not
                throw e;
            }
            return;
        }
        LongTaskTimer.Sample active = meters.active() == null ? null : meters.active().start();
        long started = clock.monotonicTime();
        try {
            answer.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            stop(active);
            failed(started(request, response), response, e);
            throw e;
        }
        stop(active);
        meters.timer().record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
    }

    private static void stop(LongTaskTimer.Sample active) {
        if (active != null) {
            active.stop();
        }
    }

    /** One answer observed as {@code ServerHttpObservationFilter} observes a request; if {@code prepare}, then the meters found. */
    private void observe(HttpServletRequest request, HttpServletResponse response, FilterChain answer, boolean prepare)
            throws IOException, ServletException {
        Observation observation = started(request, response);
        KeyValues atStart = observation.getContext().getLowCardinalityKeyValues();
        try (Observation.Scope scope = observation.openScope()) {
            answer.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            failed(observation, response, e);
            throw e;
        }
        observation.stop();
        if (prepare) {
            prepared = find(observation, atStart);
        }
    }

    /**
     * The request's observation, started as the filter starts it (its tags at start name no
     * route), then given the route as Spring MVC gives it once it has matched the request.
     */
    private Observation started(HttpServletRequest request, HttpServletResponse response) {
        ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
        Observation observation = ServerHttpObservationDocumentation.HTTP_SERVLET_SERVER_REQUESTS.observation(convention,
                DEFAULT_CONVENTION, () -> context, observations).start();
        context.setPathPattern(FastEntityRead.ROUTE);
        return observation;
    }

    private static void failed(Observation observation, HttpServletResponse response, Exception e) {
        observation.error(e instanceof ServletException s && s.getCause() != null ? s.getCause() : e);
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        observation.stop();
    }

    /** The meters {@code observation} (stopped, of a successful answer) recorded into. */
    private Prepared find(Observation observation, KeyValues atStart) {
        if (observation.isNoop()) {
            return new Prepared(true, false, null, null);
        }
        if (convention.getClass() != DefaultServerRequestObservationConvention.class) {
            return new Prepared(false, true, null, null); // the application's own convention may tag by request
        }
        String name = observation.getContext().getName();
        Tags stopTags = tags(observation.getContext().getLowCardinalityKeyValues()).and("error", "none");
        Timer timer = exactly(Timer.class, name, stopTags);
        if (timer == null) {
            return new Prepared(false, true, null, null);
        }
        return new Prepared(false, false, timer, exactly(LongTaskTimer.class, name + ".active", tags(atStart)));
    }

    private static Tags tags(KeyValues keyValues) {
        Tags tags = Tags.empty();
        for (KeyValue kv : keyValues) {
            tags = tags.and(Tag.of(kv.getKey(), kv.getValue()));
        }
        return tags;
    }

    /** The registered meter of that kind with exactly that name and those tags, or null. */
    private <M extends Meter> M exactly(Class<M> kind, String name, Tags tags) {
        for (Meter meter : meters.find(name).tags(tags).meters()) {
            if (kind.isInstance(meter) && Tags.of(meter.getId().getTags()).equals(tags)) {
                return kind.cast(meter);
            }
        }
        return null;
    }
}
