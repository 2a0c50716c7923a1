package dev.tollgate.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the template.yaml the local gateway answers from: the repository's own when the CLI
 * runs from a checkout (the {@code tollgate.root} system property the {@code ./tollgate}
 * launcher sets, else the repository around the running jar, {@code local/target/}); otherwise
 * the copy packed into the jar when it was built, so an installed CLI still works.
 */
public final class TemplateSource {
  /** System property naming the repository root (set by {@code ./tollgate}). */
  public static final String ROOT_PROPERTY = "tollgate.root";
  /** Classpath location of the copy packed at build time. */
  public static final String PACKED = "/tollgate/template.yaml";

  private TemplateSource() {}

  /** The template and where it came from. */
  public record Located(Map<String, Object> template, String source) {}

  /** The repository's template.yaml if there is one, else the packed copy. */
  public static Located locate() {
    Path repo = repositoryTemplate();
    if (repo != null) {
      try {
        return new Located(CfnTemplate.load(repo), repo.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + repo, e);
      }
    }
    InputStream packed = TemplateSource.class.getResourceAsStream(PACKED);
    if (packed == null) {
      throw new IllegalStateException("no template.yaml: not running from a Tollgate checkout (-D" + ROOT_PROPERTY
          + "=<repo>) and none packed into the jar at " + PACKED);
    }
    try (Reader in = new InputStreamReader(packed, StandardCharsets.UTF_8)) {
      return new Located(CfnTemplate.parse(in, "template.yaml packed into the CLI jar"),
          "template.yaml packed into the CLI jar at build time");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packed template.yaml", e);
    }
  }

  /** The checkout's template.yaml, or null when the CLI does not run from one. */
  static Path repositoryTemplate() {
    String root = System.getProperty(ROOT_PROPERTY);
    if (root != null && !root.isBlank()) {
      Path t = Path.of(root).resolve("template.yaml");
      return Files.isRegularFile(t) ? t.toAbsolutePath().normalize() : null;
    }
    try {
      Path code = Path.of(TemplateSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // local/target/tollgate-local.jar or local/target/classes: the repository is two levels up
      Path module = code.getParent() == null ? null : code.getParent().getParent();
      if (module != null && module.getParent() != null && Files.isRegularFile(module.resolve("pom.xml"))
          && module.getFileName().toString().equals("local")) {
        Path t = module.getParent().resolve("template.yaml");
        return Files.isRegularFile(t) ? t.toAbsolutePath().normalize() : null;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no file location (e.g. a custom class loader): fall back to the packed copy
    }
    return null;
  }
}
