package dev.tollgate.events;

import dev.tollgate.identity.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stand-in for EventBridge: each event becomes one JSON file in {@code dir}, the
 * PutEvents entry that would be sent ({@link PutEventsEntry}), named
 * {@code <time ms>-<detail-type>-<id hash>.json}. Writing the same event again rewrites the
 * same file. Written to a temporary name first, so a reader never sees half a file.
 */
public final class FileEventSink implements EventSink {
  private final Path dir;
  private final String bus;

  /** Files in {@code dir}, entries naming {@code bus}. */
  public FileEventSink(Path dir, String bus) {
    this.dir = dir;
    this.bus = bus;
  }

  @Override
  public List<Result> put(List<TollgateEvent> batch) {
    List<Result> out = new ArrayList<>(batch.size());
    try {
      Files.createDirectories(dir);
      for (TollgateEvent e : batch) {
        String name = e.time().toEpochMilli() + "-" + e.type() + "-" + idHash(e.id())
            + ".json";
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.writeString(tmp, PutEventsEntry.of(e, bus).toString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.add(Result.OK);
      }
    } catch (IOException e) {
      throw new EventSinkException("could not write events to " + dir + ": " + e.getMessage(), new UncheckedIOException(e));
    }
    return out;
  }

  private static String idHash(String id) {
    return ApiKeys.sha256Hex(id).substring(0, 16);
  }
}
