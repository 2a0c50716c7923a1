package dev.tollgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts the commands clients send to a Redis server, through {@code MONITOR} on a raw
 * socket. Unlike {@code INFO commandstats}, MONITOR tells a client's command from the ones a
 * Lua script runs inside it ({@code [0 lua]}), so "one EVALSHA per decision" can be asserted
 * exactly. Use it on a server of your own: on a shared one it sees everybody's traffic.
 */
public final class RedisMonitor implements AutoCloseable {
  private final String host;
  private final int port;
  private final Socket socket;
  private final BufferedReader in;

  private RedisMonitor(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.socket = new Socket(host, port);
    socket.setSoTimeout(10_000);
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    send(socket.getOutputStream(), "MONITOR");
    String ok = in.readLine();
    if (!"+OK".equals(ok)) {
      throw new IOException("MONITOR refused: " + ok);
    }
  }

  /** Starts monitoring the server at {@code redisUrl} ({@code redis://host:port}). */
  public static RedisMonitor start(String redisUrl) throws IOException {
    URI uri = URI.create(redisUrl);
    return new RedisMonitor(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  /**
   * The names (lower case) of the commands clients sent since the start or the previous call,
   * in order; commands run by Lua scripts are left out. Waits for a marker command it sends
   * itself, so everything sent before the call is included.
   */
  public List<String> clientCommands() throws IOException {
    String mark = "tollgate-monitor-mark-" + System.nanoTime();
    try (Socket s = new Socket(host, port)) {
      send(s.getOutputStream(), "ECHO", mark);
      s.getInputStream().read(new byte[64]);
    }
    List<String> commands = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.contains(mark)) {
        return commands;
      }
      int addr = line.indexOf('[');
      int end = line.indexOf(']', addr);
      if (addr < 0 || end < 0 || line.substring(addr, end).endsWith(" lua")) {
        continue;
      }
      int q = line.indexOf('"', end);
      commands.add(line.substring(q + 1, line.indexOf('"', q + 1)).toLowerCase(Locale.ROOT));
    }
    throw new IOException("MONITOR connection closed before the marker arrived");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void send(OutputStream out, String... parts) throws IOException {
    StringBuilder b = new StringBuilder().append('*').append(parts.length).append("\r\n");
    for (String p : parts) {
      b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
