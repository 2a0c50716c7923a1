package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * The local stack's Redis: {@code REDIS_URL} when set, else a real redis-server from the
 * embedded-redis artifact on a free loopback port, without persistence.
 */
final class LocalRedis implements AutoCloseable {
  private final String url;
  private final RedisServer server;
  private final UnifiedJedis client;

  private LocalRedis(String url, RedisServer server, UnifiedJedis client) {
    this.url = url;
    this.server = server;
    this.client = client;
  }

  static LocalRedis start(Map<String, String> env, GatingConfig config) throws IOException {
    String url = env.get(RedisConnector.URL_ENV);
    RedisServer server = null;
    if (url == null || url.isBlank()) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
          .setting("appendonly no").build();
      server.start();
      url = "redis://127.0.0.1:" + port;
    }
    try {
      UnifiedJedis client = RedisConnector.connect(url, env.get(RedisConnector.AUTH_ENV), config.redis());
      client.ping();
      return new LocalRedis(url, server, client);
    } catch (RuntimeException e) {
      if (server != null) {
        server.stop();
      }
      throw new IllegalStateException("Redis at " + url + " does not answer: " + e.getMessage(), e);
    }
  }

  String url() {
    return url;
  }

  boolean embedded() {
    return server != null;
  }

  UnifiedJedis client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      try {
        server.stop();
      } catch (IOException e) {
        System.err.println("could not stop the embedded redis-server: " + e.getMessage());
      }
    }
  }
}
