package dev.tollgate.bench;

import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * A Redis the bench talks to: a given URL, or a server of its own on a free loopback port: the
 * machine's {@code redis-server} (from PATH, or {@code $BENCH_REDIS_SERVER}) when there is one,
 * else the embedded-redis artifact's binary. A server of its own is what {@code INFO
 * commandstats}, {@code INFO cpu} and {@code used_memory} need: nobody else's commands in them.
 */
final class BenchRedis implements AutoCloseable {
  final String url;
  final UnifiedJedis client;
  private final RedisServer server;
  private final Process process;

  private BenchRedis(String url, RedisServer server, Process process) {
    this.url = url;
    this.server = server;
    this.process = process;
    this.client = RedisConnector.connect(url, null, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** {@code url} when given, else a server of the bench's own ({@link #own()}). */
  static BenchRedis urlOrOwn(String url) throws IOException {
    if (url != null && !url.isBlank()) {
      return new BenchRedis(url, null, null);
    }
    return own();
  }

  /** A fresh server of the bench's own: the machine's redis-server if there is one, else the embedded one. */
  static BenchRedis own() throws IOException {
    Path binary = machineBinary();
    return binary == null ? embedded() : spawn(binary);
  }

  /** The machine's redis-server: {@code $BENCH_REDIS_SERVER}, else the first on PATH, else null. */
  static Path machineBinary() {
    String given = System.getenv("BENCH_REDIS_SERVER");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static BenchRedis spawn(Path binary) throws IOException {
    int port = TestRedis.freePort();
    Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
        "", "--appendonly", "no", "--daemonize", "no", "--logfile", "").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long until = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > until || !p.isAlive()) {
          p.destroyForcibly();
          throw new IOException("redis-server " + binary + " did not start on port " + port, e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException(ie);
        }
      }
    }
    return new BenchRedis("redis://127.0.0.1:" + port, null, p);
  }

  /** A fresh embedded redis-server (the embedded-redis artifact's binary) on a free port. */
  static BenchRedis embedded() throws IOException {
    int port = TestRedis.freePort();
    RedisServer s = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    s.start();
    return new BenchRedis("redis://127.0.0.1:" + port, s, null);
  }

  /** Whether this is a server of the bench's own (embedded or spawned), not a given URL. */
  boolean isOwn() {
    return server != null || process != null;
  }

  /** What this server is, for the table and the JSON line. */
  String describe() {
    return (process != null ? "own redis-server " : server != null ? "embedded " : "REDIS_URL ") + version();
  }

  /** Zeroes INFO commandstats (and the other resettable counters). */
  void resetStats() {
    client.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
  }

  /** Total {@code usec} and {@code calls} of {@code command} in INFO commandstats since the last reset ({0, 0} if none). */
  long[] commandStat(String command) {
    String v = info("commandstats").get("cmdstat_" + command);
    if (v == null) {
      return new long[] {0, 0};
    }
    long calls = 0;
    long usec = 0;
    for (String kv : v.split(",")) {
      String[] p = kv.split("=");
      if (p[0].equals("calls")) {
        calls = Long.parseLong(p[1]);
      } else if (p[0].equals("usec")) {
        usec = Long.parseLong(p[1]);
      }
    }
    return new long[] {usec, calls};
  }

  /** Redis's own CPU seconds so far (used_cpu_sys + used_cpu_user). */
  double cpuSeconds() {
    Map<String, String> cpu = info("cpu");
    return Double.parseDouble(cpu.get("used_cpu_sys")) + Double.parseDouble(cpu.get("used_cpu_user"));
  }

  /** {@code INFO section} as field → value. */
  Map<String, String> info(String section) {
    Map<String, String> m = new HashMap<>();
    String text = new String((byte[]) client.sendCommand(Protocol.Command.INFO, section), StandardCharsets.UTF_8);
    for (String line : text.split("\r?\n")) {
      int c = line.indexOf(':');
      if (c > 0 && !line.startsWith("#")) {
        m.put(line.substring(0, c), line.substring(c + 1));
      }
    }
    return m;
  }

  /** Asks the allocator to return freed pages, so used_memory deltas are steadier. */
  void purgeMemory() {
    client.sendCommand(Protocol.Command.MEMORY, "PURGE");
  }

  long usedMemory() {
    return Long.parseLong(info("memory").get("used_memory"));
  }

  String version() {
    return info("server").get("redis_version");
  }

  /** {@code keys} and {@code expires} of db0 (0 when empty). */
  long[] keysAndExpires() {
    String db0 = info("keyspace").get("db0");
    if (db0 == null) {
      return new long[] {0, 0};
    }
    long keys = 0;
    long expires = 0;
    for (String kv : db0.split(",")) {
      String[] p = kv.split("=");
      if (p[0].equals("keys")) {
        keys = Long.parseLong(p[1]);
      } else if (p[0].equals("expires")) {
        expires = Long.parseLong(p[1]);
      }
    }
    return new long[] {keys, expires};
  }

  /** Every key without a TTL (one server-side scan: only for the bench's own server). */
  List<String> keysWithoutTtl() {
    Object r = client.eval("local out = {} for _, k in ipairs(redis.call('KEYS', '*')) do"
        + " if redis.call('PTTL', k) == -1 then out[#out + 1] = k end end return out");
    List<String> keys = new ArrayList<>();
    for (Object k : (List<?>) r) {
      keys.add(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(k));
    }
    return keys;
  }

  @Override
  public void close() throws IOException {
    client.close();
    if (server != null) {
      server.stop();
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
