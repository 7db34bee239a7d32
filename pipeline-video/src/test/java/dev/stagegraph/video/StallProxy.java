package dev.stagegraph.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can freeze the connections it carries:
 * {@link #stallAll()} stops forwarding on every open connection but keeps its sockets open (a
 * camera that hangs without closing), while new connections pass as before. {@link #close()} ends
 * every socket and joins every thread it started.
 */
final class StallProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<AtomicBoolean> stalls = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    StallProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("proxy-accept", this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Freezes every connection open now; later connections are not affected. */
    void stallAll() {
        stalls.forEach(s -> s.set(true));
    }

    private void accept() {
        while (closed.getCount() > 0) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                AtomicBoolean stalled = new AtomicBoolean();
                stalls.add(stalled);
                start("proxy-up", () -> pump(client, server, stalled));
                start("proxy-down", () -> pump(server, client, stalled));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean stalled) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (stalled.get()) {
                    closed.await();
                    return;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the other side went away: this direction ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
