package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every sample in {@code events/} is a fixture: each file must be invoked by a test of the
 * function it belongs to, or by the local stack's tests that replay it through the Invoke API
 * (the tests name the file they load), so what people run with {@code sam local invoke -e}
 * or against {@code ./tollgate local} is what the tests prove.
 */
class SampleEventsCoverageTest {
  static final Path ROOT = Path.of("..");
  static final Map<String, String> OWNER = Map.of(
      "authorizer", "functions/authorizer",
      "stripe-webhook", "functions/stripe-webhook",
      "upgrade-dispatcher", "functions/upgrade-dispatcher",
      "usage-reporter", "functions/stripe-webhook",
      "unsubscribe", "functions/upgrade-dispatcher",
      "upgrade-link", "functions/stripe-webhook",
      "admin", "functions/admin");

  @Test
  void everySampleEventIsInvokedByItsFunctionsTests() throws IOException {
    List<Path> folders;
    try (Stream<Path> s = Files.list(ROOT.resolve("events"))) {
      folders = s.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(folders).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(OWNER.keySet());
    for (Path folder : folders) {
      String tests = testSources(ROOT.resolve(OWNER.get(folder.getFileName().toString())).resolve("src/test"))
          + testSources(ROOT.resolve("local/src/test"));
      try (Stream<Path> files = Files.list(folder)) {
        List<String> unused = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
            .filter(n -> !tests.contains("\"" + n + "\"") && !tests.contains("/" + n + "\"")).sorted().toList();
        assertThat(unused).as("samples in events/%s that no test invokes", folder.getFileName()).isEmpty();
      }
    }
  }

  static String testSources(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
  }
}
