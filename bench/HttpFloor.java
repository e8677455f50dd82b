import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ceiling for {@code bench/retrieval.sh}: the least an HTTP/1.1 keep-alive server can do per
 * request on this machine, to set beside the server's figures (as Mosquitto's raw throughput is
 * set beside MQTT ingestion). It answers every request, whatever it asks, with one fixed
 * {@code 200} of {@code BODY_BYTES} bytes of JSON, from {@code THREADS} selector threads (plain
 * JDK NIO, no parsing beyond finding each request's end, nothing allocated per request). What it
 * reaches under wrk's 200 connections is what the machine and the load generator allow, not a
 * server: no server that reads an entity and checks a token can do better.
 *
 * <pre>
 * java bench/HttpFloor.java PORT [THREADS=1] [BODY_BYTES=300]
 * </pre>
 * Requests must be bodiless (GET); a request without its end yet waits for the next read.
 */
public final class HttpFloor {
    private HttpFloor() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/HttpFloor.java PORT [THREADS=1] [BODY_BYTES=300]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int bodyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        byte[] answer = answer(bodyBytes);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        Loop[] loops = new Loop[threads];
        for (int t = 0; t < threads; t++) {
            loops[t] = new Loop(answer);
            Thread thread = new Thread(loops[t], "floor-" + t);
            thread.start();
        }
        System.out.println("HttpFloor listening on 127.0.0.1:" + port + " (" + threads + " threads, " + bodyBytes
                + "-byte body)");
        for (long accepted = 0;; accepted++) {
            SocketChannel channel = server.accept();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            loops[(int) (accepted % threads)].adopt(channel);
        }
    }

    /** A whole answer: status line, headers and a body of {@code n} bytes of a JSON string. */
    private static byte[] answer(int n) {
        byte[] body = new byte[Math.max(n, 2)];
        Arrays.fill(body, (byte) 'x');
        body[0] = '"';
        body[body.length - 1] = '"';
        byte[] head = ("HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** One selector thread and its connections. */
    private static final class Loop implements Runnable {
        private static final byte[] END = {'\r', '\n', '\r', '\n'};
        private final Selector selector;
        private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        private final byte[] answer;
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        private ByteBuffer out;

        Loop(byte[] answer) throws IOException {
            this.selector = Selector.open();
            this.answer = answer;
            this.out = ByteBuffer.allocateDirect(answer.length * 16);
        }

        void adopt(SocketChannel channel) {
            adopted.add(channel);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select();
                    for (SocketChannel c; (c = adopted.poll()) != null;) {
                        c.register(selector, SelectionKey.OP_READ, new int[1]);
                    }
                    for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext();) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        serve(key);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("selector failed", e);
            }
        }

        /** Reads what arrived and answers every request it completes. */
        private void serve(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            int[] matched = (int[]) key.attachment(); // bytes of "\r\n\r\n" matched so far
            try {
                in.clear();
                if (channel.read(in) < 0) {
                    close(key);
                    return;
                }
                int requests = 0;
                for (int i = 0, n = in.position(); i < n; i++) {
                    byte b = in.get(i);
                    matched[0] = b == END[matched[0]] ? matched[0] + 1 : (b == '\r' ? 1 : 0);
                    if (matched[0] == END.length) {
                        requests++;
                        matched[0] = 0;
                    }
                }
                if (requests == 0) {
                    return;
                }
                if (out.capacity() < requests * answer.length) {
                    out = ByteBuffer.allocateDirect(requests * answer.length);
                }
                out.clear();
                for (int r = 0; r < requests; r++) {
                    out.put(answer);
                }
                out.flip();
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        Thread.onSpinWait(); // a full socket buffer: a few hundred bytes, it drains at once
                    }
                }
            } catch (IOException e) {
                close(key);
            }
        }

        private static void close(SelectionKey key) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
