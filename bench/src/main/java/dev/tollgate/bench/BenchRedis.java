package dev.tollgate.bench;

import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/** A Redis the bench talks to: a given URL, or an embedded redis-server of its own. */
final class BenchRedis implements AutoCloseable {
  final String url;
  final UnifiedJedis client;
  private final RedisServer server;

  private BenchRedis(String url, RedisServer server) {
    this.url = url;
    this.server = server;
    this.client = RedisConnector.connect(url, null, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** {@code url} when given, else a fresh embedded server on a free loopback port. */
  static BenchRedis urlOrEmbedded(String url) throws IOException {
    if (url != null && !url.isBlank()) {
      return new BenchRedis(url, null);
    }
    return embedded();
  }

  /** A fresh embedded redis-server (the embedded-redis artifact's binary) on a free port. */
  static BenchRedis embedded() throws IOException {
    int port = TestRedis.freePort();
    RedisServer s = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    s.start();
    return new BenchRedis("redis://127.0.0.1:" + port, s);
  }

  boolean isEmbedded() {
    return server != null;
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
  }
}
