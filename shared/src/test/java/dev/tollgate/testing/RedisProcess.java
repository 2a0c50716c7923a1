package dev.tollgate.testing;

import dev.tollgate.redis.RedisConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real {@code redis-server} child process on a loopback port that a test may crash
 * ({@link #kill()}, SIGKILL), freeze ({@link #pause()}, SIGSTOP: the socket stays open and
 * nothing answers, like a stalled host), {@link #resume()} (SIGCONT) and {@link #restart()}
 * on the same port. No persistence; its directory (logs, cluster nodes file) is a temp dir
 * removed on {@link #close()}. Every process is also killed by a JVM shutdown hook, so none
 * outlives the test run.
 */
public final class RedisProcess implements AutoCloseable {
  private static final Set<RedisProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(RedisProcess::close),
        "redis-process-reaper"));
  }

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private volatile Process process;

  private RedisProcess(int port, Path dir, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** Starts a standalone server on a free port; {@code extraArgs} are redis-server options. */
  public static RedisProcess start(String... extraArgs) {
    return start(false, List.of(extraArgs));
  }

  /**
   * Starts a server on a free port (when {@code clusterBus}, one whose port + 10000 is free
   * too, for the cluster bus), retrying on a port taken between the probe and the bind.
   */
  static RedisProcess start(boolean clusterBus, List<String> extraArgs) {
    Path binary = RedisBinary.path();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort(clusterBus);
      Path dir;
      try {
        dir = Files.createTempDirectory("tollgate-redis-" + port + "-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RedisProcess p = new RedisProcess(port, dir, extraArgs);
      LIVE.add(p);
      try {
        p.launch(binary);
        return p;
      } catch (IllegalStateException e) {
        p.close();
        last = e;
      }
    }
    throw last;
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Its working directory (log file {@code redis.log}, cluster nodes file). */
  public Path dir() {
    return dir;
  }

  /** The OS process id of the current incarnation. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is running (a paused process counts as alive). */
  public boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** A client through {@link RedisConnector} with {@code timeout} as connect and command timeout. */
  public UnifiedJedis client(Duration timeout) {
    return RedisConnector.connect(url(), null, timeout, timeout);
  }

  /** A single direct connection for admin commands (2 s timeout); the caller closes it. */
  public Jedis jedis() {
    return new Jedis("127.0.0.1", port, 2000);
  }

  /**
   * Makes the running server require {@code password} (CONFIG SET requirepass; set after start
   * because the readiness PING goes without AUTH). A {@link #restart()} drops it again.
   */
  public void requirePassword(String password) {
    try (Jedis j = jedis()) {
      j.configSet("requirepass", password);
    }
  }

  /** SIGKILL: the server dies at once, its connections are reset, nothing is saved. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server pid " + p.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGSTOP: the server freezes; connections stay open and requests go unanswered. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a paused server carries on, answering what queued up meanwhile. */
  public void resume() {
    signal("CONT");
  }

  /** Kills the server (if running) and starts a fresh one on the same port and directory. */
  public void restart() {
    kill();
    launch(RedisBinary.path());
  }

  /** Kills the server and removes its directory. Safe to call twice. */
  @Override
  public void close() {
    kill();
    LIVE.remove(this);
    deleteTree(dir);
  }

  /** The last lines of the server's log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void launch(Path binary) {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", dir.toString()));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited: " + logTail());
      }
      try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
        if ("PONG".equals(j.ping())) {
          return;
        }
      } catch (RuntimeException notYet) {
        sleep(20);
      }
    }
    kill();
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
        + START_TIMEOUT + ": " + logTail());
  }

  private void signal(String sig) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
      if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill -" + sig + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A free loopback port; with {@code clusterBus}, below 55536 and with port + 10000 free too. */
  static int freePort(boolean clusterBus) {
    if (!clusterBus) {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (int i = 0; i < 200; i++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (bindable(port) && bindable(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair (p, p+10000) found in 20000-40000");
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless; the process itself is already dead
    }
  }
}
