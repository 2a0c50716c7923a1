package dev.tollgate.usage;

import java.time.Duration;
import java.time.Instant;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers) of one gate after a call:
 * {@code RateLimit-Policy: "GATE";q=LIMIT;w=WINDOW_SECONDS} and
 * {@code RateLimit: "GATE";r=REMAINING;t=SECONDS_TO_RESET}. Units are the gate's (a route's
 * {@code cost}), so with costs above 1 {@code q} and {@code r} count units, not requests.
 *
 * @param policy the {@code RateLimit-Policy} field value
 * @param limit the {@code RateLimit} field value
 */
public record RateLimitFields(String policy, String limit) {

  /** The fields of {@code r} at {@code now}, or null when it has no limit (unlimited, or a feature gate). */
  public static RateLimitFields of(GateResult r, Instant now) {
    if (r == null || r.gate().kind() != Gate.Kind.USAGE || r.limit() < 0) {
      return null;
    }
    String name = "\"" + r.gate().gateId() + "\"";
    long window = Math.max(1, Duration.between(r.windowStart(), r.resetAt()).toSeconds());
    return new RateLimitFields(name + ";q=" + r.limit() + ";w=" + window,
        name + ";r=" + r.remaining() + ";t=" + secondsUntil(r.resetAt(), now));
  }

  /** Whole seconds from {@code now} to {@code reset}, rounded up (0 when it has passed): a Retry-After value. */
  public static long secondsUntil(Instant reset, Instant now) {
    long ms = Duration.between(now, reset).toMillis();
    return ms <= 0 ? 0 : (ms + 999) / 1000;
  }
}
