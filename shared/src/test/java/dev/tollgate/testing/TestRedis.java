package dev.tollgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;
import dev.tollgate.redis.RedisConnector;

/**
 * The real Redis the integration tests talk to: {@code REDIS_URL} when it is set, else an
 * embedded redis-server (a real binary from the embedded-redis artifact) started once per
 * test JVM on a free port. Tests must not FLUSH it (it may be shared): they use fresh user
 * ids from {@link #uniqueUser(String)}.
 */
public final class TestRedis {
  private static String url;
  private static RedisServer embedded;

  private TestRedis() {}

  /** The URL of the test Redis, starting the embedded one on first use. */
  public static synchronized String url() {
    if (url != null) {
      return url;
    }
    String env = System.getenv("REDIS_URL");
    if (env != null && !env.isBlank()) {
      url = env;
      return url;
    }
    try {
      int port = freePort();
      embedded = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      embedded.start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stopQuietly));
      url = "redis://127.0.0.1:" + port;
      return url;
    } catch (IOException e) {
      throw new IllegalStateException("could not start embedded redis-server", e);
    }
  }

  /** A fresh client to the test Redis with generous test timeouts. */
  public static UnifiedJedis client() {
    return RedisConnector.connect(url(), null, Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  /** A user id no other test uses. */
  public static String uniqueUser(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime()) + "-" + (int) (Math.random() * 1_000_000);
  }

  /** A free TCP port on loopback. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void stopQuietly() {
    try {
      if (embedded != null) {
        embedded.stop();
      }
    } catch (IOException ignored) {
      // the JVM is going away; the process dies with it
    }
  }
}
