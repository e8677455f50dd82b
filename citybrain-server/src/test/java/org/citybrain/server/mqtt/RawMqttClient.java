package org.citybrain.server.mqtt;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 3.1.1 written by hand on a socket, for tests that must see the broker's packets exactly
 * (order of PUBACKs, when it closes), which a client library would smooth over. Encodes CONNECT
 * and PUBLISH, decodes CONNACK and PUBACK; nothing else.
 */
final class RawMqttClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects with a clean session and returns once the broker accepted. */
    static RawMqttClient connect(int port, String user, String password, int keepAliveSeconds) throws IOException {
        RawMqttClient client = new RawMqttClient(new Socket("127.0.0.1", port));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level 3.1.1
        body.write(0xC2); // user name, password, clean session
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        string(body, "raw-" + user);
        string(body, user);
        string(body, password);
        client.packet(0x10, body.toByteArray());
        client.out.flush();
        int type = client.in.readUnsignedByte();
        int length = client.in.readUnsignedByte();
        byte[] rest = new byte[length];
        client.in.readFully(rest);
        if (type != 0x20 || rest[1] != 0) {
            client.close();
            throw new IOException("CONNACK refused: return code " + rest[1]);
        }
        return client;
    }

    void publishQos1(String topic, int packetId, byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        body.write(payload);
        packet(0x32, body.toByteArray());
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Reads PUBACKs until {@code count} arrived or the time is up; their packet ids in order. */
    List<Integer> readPubAcks(int count, int timeoutMillis) throws IOException {
        List<Integer> ids = new ArrayList<>();
        socket.setSoTimeout(timeoutMillis);
        try {
            while (ids.size() < count) {
                int type = in.readUnsignedByte();
                int length = in.readUnsignedByte();
                byte[] rest = new byte[length];
                in.readFully(rest);
                if (type == 0x40) {
                    ids.add((rest[0] & 0xFF) << 8 | rest[1] & 0xFF);
                }
            }
        } catch (SocketTimeoutException e) {
            // return what arrived; the test compares
        }
        return ids;
    }

    /** Whether the broker closes the connection within the time (reading and dropping anything it sends). */
    boolean awaitClosed(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    private void packet(int header, byte[] body) throws IOException {
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.write(body);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
