package org.citybrain.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port for tests that need a service to go away for real:
 * {@link #cut} closes the port and every connection through it (clients get a reset, then
 * "connection refused"), {@link #resume} listens on the same port again.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;

    public TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** The loopback port to connect to instead of the target. */
    public int port() {
        return port;
    }

    /** Closes the port and every connection through it. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Listens on the same port again. */
    public synchronized void resume() throws IOException {
        ServerSocket next = new ServerSocket();
        next.setReuseAddress(true);
        next.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = next;
        accept(next);
    }

    private void accept(ServerSocket on) {
        Thread t = new Thread(() -> {
            while (!on.isClosed()) {
                Socket in;
                try {
                    in = on.accept();
                } catch (IOException e) {
                    continue; // closed by cut()
                }
                Socket out = new Socket();
                sockets.add(in);
                sockets.add(out);
                try {
                    out.connect(target, 5_000);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    close(in); // the target refused: the client sees its connection closed
                    close(out);
                }
            }
        }, "tcp-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
