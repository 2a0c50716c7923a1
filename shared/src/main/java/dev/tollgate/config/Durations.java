package dev.tollgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the config's short durations: {@code 250ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 3d}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} spells, or a {@link ConfigException} at {@code path}. */
  public static Duration parse(String path, Object text) {
    Matcher m = text instanceof String ? SHORT.matcher(((String) text).trim()) : null;
    if (m == null || !m.matches()) {
      throw new ConfigException(path, "a duration like 250ms, 30s, 15m, 12h or 3d, got " + Node.describe(text));
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }

  /** Renders a duration back in the short form (for messages and reports). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms > 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms > 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms > 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
