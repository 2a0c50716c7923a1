package dev.tollgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A usage window: a personal cycle of fixed length ({@code 30d}, {@code 12h}) anchored at
 * the user's first counted call, the calendar month in UTC ({@code month}), or the
 * user's Stripe billing period ({@code billing}; users without one fall back to the month).
 */
public record Period(Kind kind, Duration length) {
  private static final Pattern FIXED = Pattern.compile("(\\d{1,6})(d|h)");

  /** How a window is placed in time. */
  public enum Kind {
    /** {@link #length()} from the first counted call. */
    FIXED,
    /** The calendar month, UTC. */
    MONTH,
    /** The Stripe subscription period; the calendar month when there is none. */
    BILLING
  }

  /** Reads {@code Nd | Nh | month | billing}. */
  public static Period parse(String path, Object value) {
    if ("month".equals(value)) {
      return new Period(Kind.MONTH, Duration.ZERO);
    }
    if ("billing".equals(value)) {
      return new Period(Kind.BILLING, Duration.ZERO);
    }
    Matcher m = value instanceof String ? FIXED.matcher((String) value) : null;
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ConfigException(path, "a period: Nd, Nh (N >= 1), month or billing, got " + Node.describe(value));
    }
    long n = Long.parseLong(m.group(1));
    return new Period(Kind.FIXED, "d".equals(m.group(2)) ? Duration.ofDays(n) : Duration.ofHours(n));
  }

  @Override
  public String toString() {
    return kind == Kind.FIXED ? Durations.format(length) : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
