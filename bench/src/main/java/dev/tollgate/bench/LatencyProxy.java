package dev.tollgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on loopback that holds every chunk it relays for {@code delay} before passing it
 * on, in each direction: with 100 µs each way a client sees 200 µs more round trip to the server
 * behind it (the same-AZ ElastiCache case), and a contestant needing two round trips pays it
 * twice. Each connection gets one thread per direction, which reads a chunk, waits until the
 * chunk is {@code delay} old and writes it. The wait spins ({@code Thread.onSpinWait}):
 * {@code parkNanos} on Linux overshoots by the timer slack (~50 µs), too coarse for 100 µs.
 * Good for request/response traffic, one request in flight per connection (what a pooled
 * Redis client sends); the bench prints the round trip it actually adds (GET through it vs
 * direct). Not the tests' fault-injecting {@code dev.tollgate.testing.LatencyProxy}: it waits
 * with {@code Thread.sleep(millis, nanos)}, which JDK 17 rounds up to a whole millisecond.
 */
final class LatencyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final long delayNanos;
  private final List<Socket> sockets = new ArrayList<>();
  private volatile boolean closed;

  private LatencyProxy(String targetHost, int targetPort, long delayNanos) throws IOException {
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.delayNanos = delayNanos;
  }

  /** A proxy to {@code host:port} delaying each direction by {@code delayMicros}, accepting on a free loopback port. */
  static LatencyProxy start(String host, int port, long delayMicros) throws IOException {
    LatencyProxy p = new LatencyProxy(host, port, delayMicros * 1_000);
    Thread accept = new Thread(p::acceptLoop, "latency-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return p;
  }

  /** The port clients connect to. */
  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client, upstream, "up");
        pump(upstream, client, "down");
      } catch (IOException e) {
        if (!closed) {
          System.err.println("latency proxy: " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          long due = System.nanoTime() + delayNanos;
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: the connection is over
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "latency-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    synchronized (sockets) {
      sockets.forEach(LatencyProxy::closeQuietly);
    }
  }
}
