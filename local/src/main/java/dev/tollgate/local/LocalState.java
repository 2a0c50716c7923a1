package dev.tollgate.local;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .tollgate/local.json} in the working directory: where a running local stack
 * listens and which Redis it uses, so operator commands started in the same folder find
 * it without flags. Written at start, removed at a clean stop.
 */
record LocalState(String redisUrl, int port, long pid) {
  /** The file, relative to the working directory. */
  static final Path FILE = Path.of(".tollgate", "local.json");

  /** Writes this state. */
  void write() {
    try {
      Files.createDirectories(FILE.getParent());
      JsonObject o = new JsonObject();
      o.addProperty("redisUrl", redisUrl);
      o.addProperty("port", port);
      o.addProperty("pid", pid);
      Files.writeString(FILE, Json.PRETTY.toJson(o));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + FILE.toAbsolutePath(), e);
    }
  }

  /** The recorded state, if a local stack wrote one that is still running. */
  static Optional<LocalState> read() {
    if (!Files.isRegularFile(FILE)) {
      return Optional.empty();
    }
    try {
      JsonObject o = Json.object(Files.readString(FILE));
      LocalState s = new LocalState(o.get("redisUrl").getAsString(), o.get("port").getAsInt(), o.get("pid").getAsLong());
      boolean alive = ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(s) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Removes the file if it is this process's. */
  static void clear(long pid) {
    try {
      Optional<LocalState> s = read();
      if (s.isEmpty() || s.get().pid() == pid) {
        Files.deleteIfExists(FILE);
      }
    } catch (IOException ignored) {
      // a stale file is detected by its dead pid
    }
  }
}
