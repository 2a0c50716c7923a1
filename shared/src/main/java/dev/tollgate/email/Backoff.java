package dev.tollgate.email;

import java.time.Duration;

/** Exponential retry delays: {@code base * 2^(attempt-1)}, capped at a day. */
public final class Backoff {
  /** The longest wait between two attempts. */
  public static final Duration MAX = Duration.ofDays(1);

  private Backoff() {}

  /**
   * The wait before retrying after failed attempt number {@code attempt} (1 = the first
   * failure), never shorter than what the provider asked for ({@code retryAfter}, may be zero).
   */
  public static Duration delay(Duration base, int attempt, Duration retryAfter) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long ms = base.toMillis() << shift;
    Duration d = ms < 0 || ms > MAX.toMillis() ? MAX : Duration.ofMillis(ms);
    return retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
