package dev.tollgate.local;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One running local stack, recorded in {@code .tollgate/local-PORT.json} in the working
 * directory: where it listens and which Redis it uses, so operator commands started in the
 * same folder find it without flags. One file per stack, so stacks on several ports run side
 * by side; written at start (owner-only, 0600: the Redis URL may hold a password), removed
 * at a clean stop, and ignored once its process is gone. {@code config} is the absolute path of
 * the file given to {@code local --config} (null: the default lookup), which operator commands
 * of this folder then use too, so they see the stack's loops.
 */
record LocalState(String redisUrl, int port, long pid, String config) {
  /** The folder, relative to the working directory. */
  static final Path DIR = Path.of(".tollgate");

  /** This stack's file. */
  Path file() {
    return DIR.resolve("local-" + port + ".json");
  }

  /** Writes this state, readable by its owner only, replacing any file of the same port at once. */
  void write() {
    try {
      createPrivateDir(DIR);
      JsonObject o = new JsonObject();
      o.addProperty("redisUrl", redisUrl);
      o.addProperty("port", port);
      o.addProperty("pid", pid);
      o.addProperty("config", config);
      Path tmp = PrivateFiles.create(DIR, file().getFileName() + ".tmp-" + pid);
      Files.writeString(tmp, Json.PRETTY.toJson(o));
      try {
        Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file().toAbsolutePath(), e);
    }
  }

  /** The stacks recorded in this folder whose process still runs, by port. */
  static List<LocalState> running() {
    List<LocalState> out = new ArrayList<>();
    if (!Files.isDirectory(DIR)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "local-*.json")) {
      for (Path f : files) {
        read(f).ifPresent(out::add);
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(Comparator.comparingInt(LocalState::port));
    return out;
  }

  /**
   * The running stack to talk to: the one on {@code port} when given, else the only one;
   * empty when none runs; an error naming the ports when several do and none was chosen.
   */
  static Optional<LocalState> select(Integer port) {
    List<LocalState> all = running();
    if (port != null) {
      return all.stream().filter(s -> s.port() == port).findFirst();
    }
    if (all.size() > 1) {
      throw new IllegalStateException("several './tollgate local' run in this folder (ports "
          + all.stream().map(s -> Integer.toString(s.port())).toList() + "): choose one with --port");
    }
    return all.stream().findFirst();
  }

  /**
   * The config file of the running stack the commands of this folder talk to ({@link #select}),
   * when it was started with {@code --config}; empty when none runs, several do, or it used the
   * default lookup.
   */
  static Optional<Path> runningConfig(Integer port) {
    try {
      return select(port).map(LocalState::config).map(Path::of);
    } catch (IllegalStateException severalRun) {
      return Optional.empty();
    }
  }

  /** Removes this stack's file if it is still this process's. */
  void clear() {
    try {
      Optional<LocalState> s = read(file());
      if (s.isEmpty() || s.get().pid() == pid) {
        Files.deleteIfExists(file());
      }
    } catch (IOException ignored) {
      // a stale file is detected by its dead pid
    }
  }

  private static Optional<LocalState> read(Path f) {
    try {
      JsonObject o = Json.object(Files.readString(f));
      LocalState s = new LocalState(o.get("redisUrl").getAsString(), o.get("port").getAsInt(), o.get("pid").getAsLong(),
          o.has("config") && !o.get("config").isJsonNull() ? o.get("config").getAsString() : null);
      boolean alive = ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(s) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void createPrivateDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }
}
