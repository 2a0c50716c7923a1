package dev.tollgate.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the folder holding template.yaml) from the test's working directory. */
final class Repo {
  private Repo() {}

  /** The repository root; fails with a clear message when no template.yaml is above the working directory. */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
  }
}
