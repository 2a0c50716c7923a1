package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tollgate local} running as its own process in a folder, as a user starts it
 * (the shaded jar, or a launcher script), with the CLI run the same way next to it.
 */
final class StackProcess implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("tollgate.local.jar", "target/tollgate-local.jar"))
      .toAbsolutePath();
  static final Path REPO = Path.of(System.getProperty("tollgate.repo.root", "..")).toAbsolutePath().normalize();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Path dir;
  final int port;
  final Process process;
  private final Path log;

  private StackProcess(Path dir, int port, Process process, Path log) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** The command that runs the CLI jar. */
  static List<String> java() {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString()));
  }

  /** Starts {@code launcher + local --port PORT + args} in {@code dir} and waits for /health (60 s). */
  static StackProcess start(Path dir, List<String> launcher, Map<String, String> env, String... args) throws Exception {
    return start(dir, launcher, env, REPO.resolve("gating.yaml"), args);
  }

  /** As {@link #start(Path, List, Map, String...)} with {@code config} as {@code --config}. */
  static StackProcess start(Path dir, List<String> launcher, Map<String, String> env, Path config, String... args)
      throws Exception {
    int port = freePort();
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("local", "--port", Integer.toString(port), "--config", config.toString(),
        "--dispatch-every", "1h"));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "stack-" + port + "-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    clean(pb.environment());
    pb.environment().putAll(env);
    StackProcess s = new StackProcess(dir, port, pb.start(), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertThat(s.process.isAlive()).as("stack exited early:\n%s", s.log()).isTrue();
      try {
        if (s.get("/health").statusCode() == 200) {
          return s;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("health within 60 s:\n%s", s.log()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The environment without anything that would point the stack or CLI elsewhere. */
  static void clean(Map<String, String> env) {
    for (String k : List.of("REDIS_URL", "REDIS_AUTH", "TOLLGATE_CONFIG", "JWT_SECRET", "STRIPE_WEBHOOK_SECRET",
        "RESEND_API_KEY", "UNSUBSCRIBE_SECRET", "STRIPE_API_KEY", "AWS_PROFILE")) {
      env.remove(k);
    }
  }

  /** The embedded redis-server under this stack (its watchdog's child). */
  Optional<ProcessHandle> redisServer() {
    return process.descendants().filter(h -> h.info().command().orElse("").contains("redis-server")).findFirst();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The result of one CLI run. */
  record Cli(int code, String out, String err) {}

  /** Runs {@code launcher + args} in {@code dir} with a clean environment plus {@code env}. */
  static Cli cli(Path dir, List<String> launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli-", ".out");
    Path err = Files.createTempFile(dir, "cli-", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    clean(pb.environment());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("tollgate %s finishes", List.of(args)).isTrue();
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
