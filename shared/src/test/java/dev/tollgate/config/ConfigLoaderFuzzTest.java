package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of the example gating.yaml (seeded, so a failure reproduces): every one
 * either loads or fails with a {@link ConfigException} naming a key path — never another
 * exception type, never a stack trace alone.
 */
class ConfigLoaderFuzzTest {
  private static final long SEED = 0x7011_6a7eL;
  private static final int CASES = 3000;
  private static final String[] VALUES = {"", "~", "null", "-1", "0", "1e309", "99999999999999999999", "-0.5", "NaN",
      ".inf", "true", "[]", "{}", "[1, [2]]", "{a: {b: c}}", "\"\"", "'{{userId}}'", "\"\\u0000\"", "ünïcødé ☃ 𝄞",
      "/api/**/x/**", "/api/[", "***", "0d", "-3d", "30x", "month", "billing", "9999999999d", "1ms", "P1D",
      "&a x", "*a", "!!binary aGVsbG8=", "!!int 12", "!!str", "!!float x", "!!map {}", "? a", "x" .repeat(10_000),
      "{{nope}}", "closed", "open", "apiKey", "jwt", "ANY", "[GET, POST]", "[GET, 7]", "Infinity", "unlimited"};

  private static List<String> example() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("gating.yaml")) {
      assertThat(in).as("gating.yaml on the test classpath").isNotNull();
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyMutationLoadsOrFailsWithAKeyPath() {
    List<String> base = example();
    Random random = new Random(SEED);
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < CASES; i++) {
      String yaml = mutate(base, random);
      try {
        ConfigLoader.parse(yaml, "fuzz-" + i);
        loaded++;
      } catch (ConfigException e) {
        rejected++;
        assertThat(e.getMessage()).as("case %d", i).startsWith(e.path().isEmpty() ? "<root>: " : e.path() + ": ");
        assertThat(e.getMessage().length()).as("case %d message is readable", i).isGreaterThan(e.path().length() + 4);
      } catch (RuntimeException | StackOverflowError e) {
        fail("case " + i + " (seed " + SEED + ") threw " + e + " instead of a ConfigException for:\n"
            + abbreviate(yaml), e);
      }
    }
    System.out.printf("config fuzz: %d cases, %d loaded, %d rejected with a key path%n", CASES, loaded, rejected);
    assertThat(rejected).as("the mutations reach the validation").isGreaterThan(CASES / 3);
    assertThat(loaded).as("some mutations are harmless").isPositive();
  }

  private static String mutate(List<String> base, Random r) {
    List<String> lines = new ArrayList<>(base);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = r.nextInt(lines.size());
      String line = lines.get(at);
      switch (r.nextInt(9)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> lines.set(at, replaceValue(line, VALUES[r.nextInt(VALUES.length)]));
        case 3 -> lines.set(at, replaceValue(line, VALUES[r.nextInt(VALUES.length)]));
        case 4 -> lines.set(at, " ".repeat(r.nextInt(6)) + line.stripLeading());
        case 5 -> lines.set(at, line.isEmpty() ? line : line.substring(0, r.nextInt(line.length())));
        case 6 -> lines.set(at, renameKey(line, r));
        case 7 -> lines.add(at, line.replaceAll("\\S.*", "") + "extra" + r.nextInt(5) + ": " + VALUES[r.nextInt(VALUES.length)]);
        default -> {
          int other = r.nextInt(lines.size());
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
      }
      if (lines.isEmpty()) {
        lines.add("");
      }
    }
    return String.join("\n", lines);
  }

  /** Replaces what follows the first {@code key:} (or the whole scalar of a list item) with {@code value}. */
  private static String replaceValue(String line, String value) {
    int colon = line.indexOf(": ");
    if (colon >= 0) {
      return line.substring(0, colon + 2) + value;
    }
    int dash = line.indexOf("- ");
    if (dash >= 0) {
      return line.substring(0, dash + 2) + value;
    }
    return line + " " + value;
  }

  private static String renameKey(String line, Random r) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      return line;
    }
    String indent = line.replaceAll("\\S.*", "");
    String[] names = {"loops", "plans", "limit", "free", "paid", "period", "trigger", "email", "name", "default",
        "steps", "after", "sequence", "Limit", "périod", "", "\"\"", "1", "null"};
    return indent + names[r.nextInt(names.length)] + line.substring(colon);
  }

  private static String abbreviate(String s) {
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }
}
