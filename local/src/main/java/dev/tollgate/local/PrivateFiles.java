package dev.tollgate.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read (0600), created so from the start: never a moment world-readable. */
final class PrivateFiles {
  private PrivateFiles() {}

  /** A new empty file {@code name} in {@code dir}, mode 0600 where the file system has POSIX modes. */
  static Path create(Path dir, String name) throws IOException {
    Path f = dir.resolve(name);
    Files.deleteIfExists(f);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createFile(f);
  }
}
