package dev.tollgate.usage;

import java.time.Instant;

/**
 * How one gate judged one call.
 *
 * @param gate the gate
 * @param allowed whether this gate allowed the call
 * @param used included units used in the window after the call (usage gates; 0 for features)
 * @param limit the included limit ({@code -1} = unlimited or a feature gate)
 * @param windowStart start of the window the call fell in
 * @param resetAt end of that window
 * @param firstDenial whether this call was the account's first denial by the gate in the window
 * @param crossed thresholds first reached by this call, as a bit set over {@link Gate#thresholds()}
 * @param reason why it refused ({@link DenyReason#NONE} when it allowed)
 * @param creditsDrawn prepaid credits this call drew (past the allowance)
 * @param overage overage units in the window after the call
 * @param memberUsed the calling member's units in the window after the call ({@code -1}: not tracked)
 * @param memberLimit the member's share for the plan ({@code -1} = none)
 */
public record GateResult(
    Gate gate,
    boolean allowed,
    long used,
    long limit,
    Instant windowStart,
    Instant resetAt,
    boolean firstDenial,
    int crossed,
    DenyReason reason,
    long creditsDrawn,
    long overage,
    long memberUsed,
    long memberLimit) {

  /** Included units left in the window ({@link Long#MAX_VALUE} when unlimited). */
  public long remaining() {
    return limit < 0 ? Long.MAX_VALUE : Math.max(0, limit - used);
  }

  /** Whether this call first passed the step's {@code warnAt} share. */
  public boolean warnCrossed() {
    int w = gate.warnIndex();
    return w >= 0 && (crossed & (1 << w)) != 0;
  }
}
