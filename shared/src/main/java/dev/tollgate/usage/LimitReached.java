package dev.tollgate.usage;

import java.time.Instant;

/**
 * A user first blocked by a gate in a window (or, for warnings, first past its
 * {@code warnAt} share). Raised at most once per user, gate and window.
 */
public record LimitReached(
    String userId,
    String email,
    String loop,
    String gateId,
    String plan,
    long used,
    long limit,
    Instant windowStart,
    Instant resetAt,
    Instant at) {}
