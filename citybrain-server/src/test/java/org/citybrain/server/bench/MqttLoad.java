package org.citybrain.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean MQTT 3.1.1 load generator for the sustained benchmark, meant to run in its own process
 * beside {@link SustainedServer}: registers {@code devices} devices over HTTP, opens one connection
 * per device, and from {@code threads} threads (one selector each, many connections per thread)
 * keeps {@code window} QoS 1 PUBLISHes of {@code readings} readings in flight per connection,
 * sending the next one as each PUBACK arrives. Prints the acknowledged rate every {@code sample}
 * seconds and over the whole run. It encodes CONNECT and PUBLISH and decodes CONNACK and PUBACK,
 * nothing else, so that the client costs little of the machine the server runs on.
 *
 * <pre>
 * MqttLoad host httpPort mqttPort adminToken devices seconds [window=4] [readings=1] [threads=2] [sample=30]
 * </pre>
 */
public final class MqttLoad {
    private final LongAdder acknowledged = new LongAdder();
    private final int window;
    private final int readings;
    private final long firstTs = System.currentTimeMillis() - 86_400_000L; // readings 1 ms apart per device
    private volatile boolean stop;

    /** One device's connection: what is in flight and its unsent and unparsed bytes. */
    private static final class Connection {
        final SocketChannel channel;
        final byte[] topic;
        final ByteBuffer out = ByteBuffer.allocate(1 << 14);
        final ByteBuffer in = ByteBuffer.allocate(1 << 12);
        int inFlight;
        int packetId;
        long sent;

        Connection(SocketChannel channel, String device) {
            this.channel = channel;
            this.topic = ("citybrain/devices/" + device + "/telemetry").getBytes(StandardCharsets.UTF_8);
            out.flip(); // empty, ready to drain
        }
    }

    private MqttLoad(int window, int readings) {
        this.window = window;
        this.readings = readings;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: MqttLoad host httpPort mqttPort adminToken devices seconds [window=4] [readings=1]"
                    + " [threads=2] [sample=30]");
            System.exit(2);
        }
        String host = args[0];
        int httpPort = Integer.parseInt(args[1]);
        int mqttPort = Integer.parseInt(args[2]);
        String admin = args[3];
        int devices = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int window = BenchServer.arg(args, 6, 4);
        int readings = BenchServer.arg(args, 7, 1);
        int threads = BenchServer.arg(args, 8, 2);
        int sample = BenchServer.arg(args, 9, 30);
        MqttLoad load = new MqttLoad(window, readings);
        String[] tokens = register(host, httpPort, admin, devices);
        List<List<Connection>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int d = 0; d < devices; d++) {
            perThread.get(d % threads).add(connect(host, mqttPort, "load-" + d, tokens[d]));
        }
        System.out.printf("MQTT load: %d devices connected, %d threads, %d QoS 1 publishes in flight each, %d readings"
                + " per publish, %d s%n", devices, threads, window, readings, seconds);
        List<Thread> workers = new ArrayList<>();
        for (List<Connection> mine : perThread) {
            Thread w = new Thread(() -> load.drive(mine), "mqtt-load");
            w.start();
            workers.add(w);
        }
        long start = System.nanoTime();
        long previous = 0;
        long previousAt = start;
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(sample * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            long messages = load.acknowledged.sum();
            System.out.printf("  load %4d s: %,.0f readings/s acknowledged over the last %.0f s (%,d readings so far)%n",
                    (now - start) / 1_000_000_000L, (messages - previous) * readings / ((now - previousAt) / 1e9),
                    (now - previousAt) / 1e9, messages * readings);
            previous = messages;
            previousAt = now;
        }
        load.stop = true;
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long messages = load.acknowledged.sum();
        System.out.printf("MQTT load: %,d readings acknowledged in %.1f s = %,.0f readings/s (%,.0f messages/s)%n",
                messages * readings, elapsed, messages * readings / elapsed, messages / elapsed);
    }

    private static String[] register(String host, int port, String admin, int devices) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String[] tokens = new String[devices];
        for (int d = 0; d < devices; d++) {
            String body = "{\"id\":\"load-" + d + "\",\"entityId\":\"urn:ngsi-ld:TrafficFlowObserved:load-" + d
                    + "\",\"entityType\":\"TrafficFlowObserved\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/api/devices"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("cannot register device load-" + d + ": " + r.statusCode() + " " + r.body());
            }
            tokens[d] = r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        }
        return tokens;
    }

    private static Connection connect(String host, int port, String device, String token) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
        channel.socket().setTcpNoDelay(true);
        ByteBuffer body = ByteBuffer.allocate(256 + token.length());
        putString(body, "MQTT");
        // 3.1.1; user name, password, clean session; no keep-alive: connecting 1,000 devices may take
        // longer than one, and the first would be idle until the last is connected
        body.put((byte) 4).put((byte) 0xC2).putShort((short) 0);
        putString(body, device);
        putString(body, device);
        putString(body, token);
        body.flip();
        ByteBuffer packet = ByteBuffer.allocate(body.remaining() + 8);
        packet.put((byte) 0x10);
        putLength(packet, body.remaining());
        packet.put(body).flip();
        while (packet.hasRemaining()) {
            channel.write(packet);
        }
        ByteBuffer connack = ByteBuffer.allocate(4);
        while (connack.hasRemaining()) {
            if (channel.read(connack) < 0) {
                throw new IOException("the broker closed the connection of " + device + " before CONNACK");
            }
        }
        if (connack.get(0) != 0x20 || connack.get(3) != 0) {
            throw new IOException("CONNACK of " + device + " refused: return code " + connack.get(3));
        }
        channel.configureBlocking(false);
        return new Connection(channel, device);
    }

    private void drive(List<Connection> connections) {
        try (Selector selector = Selector.open()) {
            for (Connection c : connections) {
                c.channel.register(selector, SelectionKey.OP_READ, c);
                topUp(c);
                flush(c, c.channel.keyFor(selector));
            }
            while (!stop) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isReadable()) {
                        read(c);
                        topUp(c);
                    }
                    flush(c, key);
                }
                selector.selectedKeys().clear();
            }
            for (Connection c : connections) {
                c.channel.close();
            }
        } catch (IOException e) {
            System.err.println("MQTT load: " + e);
            System.exit(1);
        }
    }

    /** Counts the PUBACKs (and skips anything else) in what arrived. */
    private void read(Connection c) throws IOException {
        if (c.channel.read(c.in) < 0) {
            throw new IOException("the broker closed a connection");
        }
        c.in.flip();
        while (c.in.remaining() >= 2) {
            int type = c.in.get(c.in.position()) & 0xF0;
            int length = c.in.get(c.in.position() + 1) & 0x7F; // PUBACKs and errors here are short
            if (c.in.remaining() < 2 + length) {
                break;
            }
            c.in.position(c.in.position() + 2 + length);
            if (type == 0x40) {
                c.inFlight--;
                acknowledged.increment();
            }
        }
        c.in.compact();
    }

    /** Queues PUBLISHes until {@code window} are in flight. */
    private void topUp(Connection c) {
        if (stop) {
            return;
        }
        c.out.compact();
        while (c.inFlight < window && c.out.remaining() > 512 + readings * 64) {
            StringBuilder json = new StringBuilder(readings * 48);
            json.append(readings > 1 ? "[" : "");
            for (int r = 0; r < readings; r++) {
                json.append(r > 0 ? "," : "").append("{\"ts\":").append(firstTs + c.sent++).append(",\"values\":{\"intensity\":")
                        .append(c.sent % 50).append("}}");
            }
            byte[] payload = json.append(readings > 1 ? "]" : "").toString().getBytes(StandardCharsets.UTF_8);
            c.packetId = c.packetId % 65_535 + 1;
            c.out.put((byte) 0x32);
            putLength(c.out, 2 + c.topic.length + 2 + payload.length);
            c.out.putShort((short) c.topic.length).put(c.topic).putShort((short) c.packetId).put(payload);
            c.inFlight++;
        }
        c.out.flip();
    }

    private static void flush(Connection c, SelectionKey key) throws IOException {
        c.channel.write(c.out);
        key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    private static void putLength(ByteBuffer b, int length) {
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            b.put((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
    }
}
