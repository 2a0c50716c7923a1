package dev.tollgate.usage;

import java.time.Instant;

/**
 * How one gate judged one call: whether it allowed, the count in the window after the call,
 * the limit ({@code -1} = unlimited), the window, and whether this call was the user's first
 * denial in the window or first passed the warning share.
 */
public record GateResult(
    Gate gate,
    boolean allowed,
    long used,
    long limit,
    Instant windowStart,
    Instant resetAt,
    boolean firstDenial,
    boolean warnCrossed) {

  /** Calls left in the window ({@link Long#MAX_VALUE} when unlimited). */
  public long remaining() {
    return limit < 0 ? Long.MAX_VALUE : Math.max(0, limit - used);
  }
}
