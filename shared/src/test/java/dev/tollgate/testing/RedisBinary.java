package dev.tollgate.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.core.ExecutableProvider;

/**
 * Finds a {@code redis-server} binary for the fault and cluster fixtures: {@code $REDIS_SERVER_BIN}
 * when set, else {@code redis-server} on {@code PATH}, else the binary packed in the
 * embedded-redis artifact (Redis 6.2, extracted to a temp file). Only the server binary is
 * needed: the cluster is joined through plain commands, not {@code redis-cli}.
 */
public final class RedisBinary {
  /** Environment variable naming a redis-server binary to use. */
  public static final String ENV = "REDIS_SERVER_BIN";
  private static Path found;
  private static String problem;

  private RedisBinary() {}

  /** Whether some redis-server binary can be run here. */
  public static synchronized boolean available() {
    locate();
    return found != null;
  }

  /** The binary, or an {@link IllegalStateException} saying what was tried and how to fix it. */
  public static synchronized Path path() {
    locate();
    if (found == null) {
      throw new IllegalStateException(problem);
    }
    return found;
  }

  private static void locate() {
    if (found != null || problem != null) {
      return;
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env.trim());
      if (Files.isExecutable(p)) {
        found = p;
      } else {
        problem = ENV + "=" + env + " is not an executable file";
      }
      return;
    }
    String pathVar = System.getenv("PATH");
    if (pathVar != null) {
      for (String dir : pathVar.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
        if (Files.isExecutable(p)) {
          found = p;
          return;
        }
      }
    }
    try {
      File f = ExecutableProvider.newJarResourceProvider().get();
      if (f.setExecutable(true) || f.canExecute()) {
        found = f.toPath();
        return;
      }
      problem = "the embedded-redis binary " + f + " cannot be made executable";
    } catch (IOException | RuntimeException e) {
      problem = "no redis-server found: set " + ENV + ", put redis-server (Redis 6.2+) on PATH "
          + "(apt-get install redis-server), or use a platform embedded-redis ships a binary for ("
          + e.getMessage() + ")";
    }
  }
}
