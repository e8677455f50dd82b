import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator for entity retrieval (the wrk2 idea, in plain Java, run with
 * {@code java bench/OpenLoopGet.java ...}): C keep-alive connections send
 * {@code GET /ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:<random>} at a fixed total rate R, each
 * connection on its own fixed schedule of R/C requests a second.
 *
 * <p>Latency is counted from the time a request was <em>scheduled</em>, not from when it was sent:
 * when the server falls behind, the requests that should have gone out meanwhile carry the wait
 * (no coordinated omission). Service time (send to last byte) is printed beside it. Every latency
 * of the measured window is kept and sorted, so the percentiles are exact. A run ends 2 s after
 * its window even if the server is behind: requests due but not yet sent count as unanswered, with
 * the wait until then as their latency, and the rate achieved counts answered requests only.
 *
 * <pre>
 * java bench/OpenLoopGet.java HOST PORT TOKEN ENTITIES CONNECTIONS RATE SECONDS [WARMUP_SECONDS=10]
 * </pre>
 * Prints one line: the rate asked and achieved, latency p50/p90/p99/p99.9/max, service time
 * p50/p99, and the count of non-200 answers (any is an error: the run says so).
 */
public final class OpenLoopGet {
    private OpenLoopGet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: java bench/OpenLoopGet.java HOST PORT TOKEN ENTITIES CONNECTIONS RATE SECONDS [WARMUP]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String token = args[2];
        int entities = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        double rate = Double.parseDouble(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int warmUp = args.length > 7 ? Integer.parseInt(args[7]) : 10;

        long period = Math.round(1e9 * connections / rate); // nanoseconds between one connection's requests
        long start = System.nanoTime() + 500_000_000L;
        long measureFrom = start + warmUp * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        int perConnection = (int) Math.ceil((double) seconds * 1e9 / period) + 1;
        long[][] latency = new long[connections][perConnection];
        long[][] service = new long[connections][perConnection];
        int[] counts = new int[connections];
        int[] answered = new int[connections];
        AtomicLong failures = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        AtomicLong unanswered = new AtomicLong();
        long deadline = end + 2_000_000_000L; // requests due in the window may be sent up to 2 s after it
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            int id = c;
            // stagger the schedules so that the connections' requests spread over the period
            long first = start + period * c / connections;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(id);
                Socket socket = null;
                try {
                    InputStream in = null;
                    OutputStream out = null;
                    for (long k = 0; ; k++) {
                        long intended = first + k * period;
                        if (intended >= end) {
                            break;
                        }
                        if (System.nanoTime() >= deadline) {
                            // the server fell so far behind that the run is over: every request still
                            // due is counted as unanswered, with the wait so far as its latency (a floor)
                            for (long due = intended; due < end; due += period) {
                                if (due >= measureFrom && counts[id] < perConnection) {
                                    latency[id][counts[id]] = deadline - due;
                                    counts[id]++;
                                    unanswered.incrementAndGet();
                                }
                            }
                            break;
                        }
                        long now;
                        while ((now = System.nanoTime()) < intended) {
                            LockSupport.parkNanos(intended - now);
                        }
                        byte[] request = ("GET /ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" + random.nextInt(entities)
                                + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
                                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        long sent = System.nanoTime();
                        if (socket == null) { // first, or after the server closed the last one: connecting is part of the time
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress(host, port), 5_000);
                            out = socket.getOutputStream();
                            in = new BufferedInputStream(socket.getInputStream(), 16_384);
                        }
                        out.write(request);
                        out.flush();
                        Response response = readResponse(in);
                        long received = System.nanoTime();
                        if (response.status() != 200) {
                            failures.incrementAndGet();
                        }
                        if (response.close()) {
                            socket.close();
                            socket = null;
                            reconnects.incrementAndGet();
                        }
                        if (intended >= measureFrom && counts[id] < perConnection) {
                            latency[id][counts[id]] = received - intended;
                            service[id][answered[id]++] = received - sent;
                            counts[id]++;
                        }
                    }
                } catch (IOException e) {
                    System.err.println("connection " + id + " failed: " + e);
                    failures.incrementAndGet();
                } finally {
                    if (socket != null) {
                        try {
                            socket.close();
                        } catch (IOException e) {
                            // closing after the run: nothing to report
                        }
                    }
                    done.countDown();
                }
            }, "load-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        long[] all = merge(latency, counts);
        long[] services = merge(service, answered);
        double achieved = (all.length - unanswered.get()) / (double) seconds;
        System.out.printf("open loop: %d connections, asked %,.0f req/s, got %,.0f req/s over %d s: latency p50 %.2f, p90 %.2f, "
                + "p99 %.2f, p99.9 %.2f, max %.2f ms; service time p50 %.2f, p99 %.2f ms; %d connections closed by the server; "
                + "%d unanswered by the end (counted with their wait so far); %d failed%n",
                connections, rate, achieved, seconds, ms(all, 0.5), ms(all, 0.9), ms(all, 0.99), ms(all, 0.999),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, ms(services, 0.5), ms(services, 0.99), reconnects.get(),
                unanswered.get(), failures.get());
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    private static long[] merge(long[][] perConnection, int[] counts) {
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(perConnection[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return all;
    }

    private static double ms(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    /** An answer's status, and whether the server closes the connection after it. */
    private record Response(int status, boolean close) {
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body). */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the server closed the connection in a body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }
}
