package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.core.ExecutableProvider;

/**
 * The local stack's Redis: {@code REDIS_URL} when set, else a real redis-server (the binary
 * of the embedded-redis artifact) on a free loopback port: in memory only, or persisted
 * (append-only file) in {@code --data DIR}.
 *
 * <p>The server must never outlive the stack, even a {@code kill -9} of it, which runs no
 * shutdown hook. So it runs under a small {@code sh} watchdog whose standard input is a pipe
 * from this JVM: when the JVM dies for any reason the kernel closes the pipe, the watchdog
 * reads end-of-file and stops redis-server.
 */
final class LocalRedis implements AutoCloseable {
  /** Waits for the end of its stdin (the stack's death or {@link #close()}), then stops the server it started. */
  static final String WATCHDOG = "\"$@\" </dev/null & r=$!\n"
      + "while read -r _; do :; done\n"
      + "kill \"$r\" 2>/dev/null\n"
      + "wait \"$r\"\n";

  private final String url;
  private final Process watchdog;
  private final UnifiedJedis client;

  private LocalRedis(String url, Process watchdog, UnifiedJedis client) {
    this.url = url;
    this.watchdog = watchdog;
    this.client = client;
  }

  /** {@code REDIS_URL}'s Redis, else an embedded server persisting into {@code dataDir} (null: memory only). */
  static LocalRedis start(Map<String, String> env, GatingConfig config, Path dataDir) throws IOException {
    String url = env.get(RedisConnector.URL_ENV);
    Process watchdog = null;
    if (url == null || url.isBlank()) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      watchdog = startEmbedded(port, dataDir);
      url = "redis://127.0.0.1:" + port;
    }
    try {
      UnifiedJedis client = RedisConnector.connect(url, env.get(RedisConnector.AUTH_ENV), config.redis());
      ping(client, watchdog);
      return new LocalRedis(url, watchdog, client);
    } catch (RuntimeException e) {
      stop(watchdog);
      throw new IllegalStateException("Redis at " + Redaction.redact(url) + " does not answer: "
          + Redaction.redact(e.getMessage()), e);
    }
  }

  private static Process startEmbedded(int port, Path dataDir) throws IOException {
    File binary = ExecutableProvider.newJarResourceProvider().get();
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "tollgate-redis-watchdog", binary.getAbsolutePath(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", ""));
    if (dataDir == null) {
      cmd.addAll(List.of("--appendonly", "no"));
    } else {
      Files.createDirectories(dataDir);
      cmd.addAll(List.of("--dir", dataDir.toAbsolutePath().toString(), "--appendonly", "yes"));
    }
    Path log = Files.createTempFile("tollgate-redis-", ".log");
    log.toFile().deleteOnExit();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits up to 10 s for the first PONG (the embedded server needs a moment to listen). */
  private static void ping(UnifiedJedis client, Process watchdog) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(watchdog == null ? 0 : 10);
    while (true) {
      try {
        client.ping();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline || watchdog != null && !watchdog.isAlive()) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  String url() {
    return url;
  }

  boolean embedded() {
    return watchdog != null;
  }

  UnifiedJedis client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    stop(watchdog);
  }

  /** Closes the watchdog's stdin (it stops redis-server and exits); forces both down after 10 s. */
  private static void stop(Process watchdog) {
    if (watchdog == null) {
      return;
    }
    try {
      watchdog.getOutputStream().close();
      if (!watchdog.waitFor(10, TimeUnit.SECONDS)) {
        watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
        watchdog.destroyForcibly();
      }
    } catch (IOException e) {
      watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
      watchdog.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
