package org.citybrain.server.context;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * What recording one fast retrieval in the request metrics costs, side by side in one process:
 * Spring's observation filter (an observation per request, Micrometer's meter handler, a
 * Prometheus registry, as the server had it) against {@link FastReadMetrics}, each around the
 * same trivial answer on a fresh mock request, alternating in rounds. Prints the CPU time and
 * the bytes allocated per request of each, and the request-making alone as the baseline.
 *
 * <pre>
 *   java -cp "$CP" org.citybrain.server.context.FastReadMetricsBench [requests per round=200000] [rounds=5]
 * </pre>
 */
public final class FastReadMetricsBench {
    private FastReadMetricsBench() {
    }

    private interface Way {
        void answer(MockHttpServletRequest request, MockHttpServletResponse response, FilterChain answer) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        DefaultServerRequestObservationConvention convention = new DefaultServerRequestObservationConvention("http.server.requests");
        ServerHttpObservationFilter filter = new ServerHttpObservationFilter(observations, convention);
        FastReadMetrics metrics = new FastReadMetrics(observations, convention, meters);
        FilterChain answer = (rq, rs) -> {
            ServerHttpObservationFilter.findObservationContext((HttpServletRequest) rq)
                    .ifPresent(c -> c.setPathPattern(FastEntityRead.ROUTE));
            ((MockHttpServletResponse) rs).setStatus(200);
        };
        String[] names = {"requests alone", "observation filter", "FastReadMetrics"};
        Way[] ways = {(rq, rs, a) -> a.doFilter(rq, rs), filter::doFilter, metrics::record};
        double[][] cpu = new double[ways.length][rounds];
        double[][] bytes = new double[ways.length][rounds];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            for (int w = 0; w < ways.length; w++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long bytes0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < n; i++) {
                    MockHttpServletRequest request = new MockHttpServletRequest("GET", FastEntityRead.PREFIX + "urn:ngsi-ld:Sensor:1");
                    ways[w].answer(request, new MockHttpServletResponse(), answer);
                }
                if (round >= 0) {
                    cpu[w][round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
                    bytes[w][round] = (double) (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes0) / n;
                }
            }
        }
        for (int w = 0; w < ways.length; w++) {
            System.out.printf("%-20s CPU %.3f µs per request (median of %d rounds of %,d; rounds %s), %.0f bytes allocated%n",
                    names[w], median(cpu[w]), rounds, n, Arrays.toString(round(cpu[w])), median(bytes[w]));
        }
        System.out.printf("metrics alone (minus the requests): observation %.3f µs, %.0f bytes; FastReadMetrics %.3f µs, %.0f bytes; "
                + "ratio %.2f%n", median(cpu[1]) - median(cpu[0]), median(bytes[1]) - median(bytes[0]),
                median(cpu[2]) - median(cpu[0]), median(bytes[2]) - median(bytes[0]),
                (median(cpu[2]) - median(cpu[0])) / (median(cpu[1]) - median(cpu[0])));
        System.out.println("counted: " + meters.find("http.server.requests").timer().count() + " requests");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String[] round(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.3f", v)).toArray(String[]::new);
    }
}
