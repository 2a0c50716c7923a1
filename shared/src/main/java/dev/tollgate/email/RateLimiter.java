package dev.tollgate.email;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket over injected time: at most {@code burst} requests at once and
 * {@code ratePerSecond} on average, never more in any interval. Not thread-safe: one
 * dispatcher run owns one.
 */
public final class RateLimiter {
  private final double nanosPerToken;
  private final double burst;
  private double tokens;
  private long lastNanos;
  private boolean started;
  private Instant pausedUntil = Instant.MIN;

  /** A bucket refilling at {@code ratePerSecond}, holding at most {@code burst} tokens. */
  public RateLimiter(double ratePerSecond, int burst) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.nanosPerToken = 1e9 / ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  /**
   * How long to wait from {@code now} before the next request may go; zero means go now (the
   * token is then taken). Call again after waiting.
   */
  public Duration tryAcquire(Instant now) {
    if (now.isBefore(pausedUntil)) {
      return Duration.between(now, pausedUntil);
    }
    long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (!started) {
      started = true;
      lastNanos = t;
    }
    if (t > lastNanos) {
      tokens = Math.min(burst, tokens + (t - lastNanos) / nanosPerToken);
      lastNanos = t;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) * nanosPerToken));
  }

  /** No request before {@code until} (the provider said 429 with a retry-after). */
  public void pauseUntil(Instant until) {
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
    tokens = Math.min(tokens, 1);
  }
}
