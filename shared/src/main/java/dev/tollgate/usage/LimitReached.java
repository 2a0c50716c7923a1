package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;

/**
 * An account first blocked by a gate in a window (or, for warnings, first past its
 * {@code warnAt} share), through the call of {@code userId}. Raised at most once per account,
 * gate and window. {@code arm} is the {@code experiment:arm} the account saw on the gate's loop
 * (null when none), {@code reason} why it was blocked ({@link DenyReason#NONE} for warnings and
 * thresholds).
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
    Instant at,
    AccountId account,
    String arm,
    DenyReason reason) {

  /** A crossing on {@code account} without an experiment arm, blocked for its usage limit. */
  public LimitReached(String userId, String email, String loop, String gateId, String plan, long used, long limit,
      Instant windowStart, Instant resetAt, Instant at, AccountId account) {
    this(userId, email, loop, gateId, plan, used, limit, windowStart, resetAt, at, account, null, DenyReason.USAGE_LIMIT);
  }

  /** A crossing on the user's own account. */
  public LimitReached(String userId, String email, String loop, String gateId, String plan, long used, long limit,
      Instant windowStart, Instant resetAt, Instant at) {
    this(userId, email, loop, gateId, plan, used, limit, windowStart, resetAt, at,
        AccountId.personal(UserId.of(userId)));
  }

  /** Identifies this crossing (account, gate, window and kind) for de-duplicating its follow-up. */
  public String crossingId(String kind) {
    return account.value() + "|" + gateId + "|" + windowStart.toEpochMilli() + "|" + kind;
  }
}
