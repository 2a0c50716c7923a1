package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on a free loopback port in front of a server (usually Redis), for slow and
 * hanging-network tests. Point the client at {@link #url()} / {@link #port()} and then:
 *
 * <ul>
 *   <li>{@link #latency(Duration, Duration)}: every chunk is delivered that much later in its
 *       direction (client→server, server→client), without throttling throughput;</li>
 *   <li>{@link #blackhole()}: connections (old and new) are kept open but nothing is
 *       forwarded either way — a request simply never gets an answer, like a partition;</li>
 *   <li>{@link #refuse()}: new connections are accepted and reset at once;</li>
 *   <li>{@link #drop()}: every open connection is reset now (new ones work);</li>
 *   <li>{@link #heal()}: no latency, no blackhole, no refusal; held bytes flow again.</li>
 * </ul>
 */
public final class LatencyProxy implements AutoCloseable {
  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile long upNanos;
  private volatile long downNanos;
  private volatile boolean blackholed;
  private volatile boolean refusing;
  private volatile boolean closed;

  private LatencyProxy(int upstreamPort) throws IOException {
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "latency-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy forwarding to {@code 127.0.0.1:upstreamPort}. */
  public static LatencyProxy to(int upstreamPort) {
    try {
      return new LatencyProxy(upstreamPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy's own port. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code redis://127.0.0.1:<proxy port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port();
  }

  /** Adds {@code clientToServer} and {@code serverToClient} delay to every chunk in that direction. */
  public LatencyProxy latency(Duration clientToServer, Duration serverToClient) {
    upNanos = clientToServer.toNanos();
    downNanos = serverToClient.toNanos();
    return this;
  }

  /** Holds every byte in both directions until {@link #heal()}; new connections are accepted. */
  public void blackhole() {
    blackholed = true;
  }

  /** Resets new connections right after accepting them. */
  public void refuse() {
    refusing = true;
  }

  /** Resets every open connection on both sides. */
  public void drop() {
    for (Socket s : Set.copyOf(open)) {
      reset(s);
    }
  }

  /** Clears latency, blackhole and refusal. */
  public void heal() {
    upNanos = 0;
    downNanos = 0;
    refusing = false;
    synchronized (gate) {
      blackholed = false;
      gate.notifyAll();
    }
  }

  /** How many client connections are open through the proxy. */
  public int openConnections() {
    return open.size() / 2;
  }

  /** Stops accepting and resets every connection. */
  @Override
  public void close() {
    closed = true;
    heal();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    drop();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        reset(client);
        continue;
      }
      try {
        Socket target = new Socket();
        target.connect(upstream, 2000);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        open.add(client);
        open.add(target);
        pipe(client, target, true);
        pipe(target, client, false);
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  /** Two threads per direction: a reader stamping chunks with their due time, a writer delivering them. */
  private void pipe(Socket from, Socket to, boolean up) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    String name = "latency-proxy-" + port() + (up ? "-up-" : "-down-") + from.getPort();
    Thread reader = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          queue.add(new Chunk(System.nanoTime() + (up ? upNanos : downNanos), Arrays.copyOf(buf, n)));
        }
      } catch (IOException ignored) {
        // the connection was reset or closed: the writer ends on the end marker
      }
      queue.add(Chunk.END);
    }, name + "-r");
    Thread writer = new Thread(() -> {
      try (OutputStream out = to.getOutputStream()) {
        while (true) {
          Chunk c = queue.take();
          if (c == Chunk.END) {
            break;
          }
          long wait = c.due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          synchronized (gate) {
            while (blackholed) {
              gate.wait();
            }
          }
          out.write(c.bytes);
          out.flush();
        }
      } catch (IOException | InterruptedException ignored) {
        // the other side is gone
      }
      close(from);
      close(to);
    }, name + "-w");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // closed already; close() below is then a no-op
    }
    close(s);
  }

  private record Chunk(long due, byte[] bytes) {
    static final Chunk END = new Chunk(0, new byte[0]);
  }
}
