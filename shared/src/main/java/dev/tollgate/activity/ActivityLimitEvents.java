package dev.tollgate.activity;

import dev.tollgate.usage.DenyReason;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;

/**
 * Passes limit crossings on to {@code delegate} and keeps the dashboard's view of them in
 * {@link LimitActivity}: a first denial is a latest block and, when the allowance (or the
 * overage cap) is what ran out, the whole limit reached; a threshold is its share. Both writes
 * are idempotent, as the drain that calls this may repeat.
 */
public final class ActivityLimitEvents implements LimitEvents {
  private final LimitEvents delegate;
  private final LimitActivity activity;

  /** Crossings handled by {@code delegate}, then recorded in {@code activity}. */
  public ActivityLimitEvents(LimitEvents delegate, LimitActivity activity) {
    this.delegate = delegate;
    this.activity = activity;
  }

  @Override
  public void limitReached(LimitReached e) {
    delegate.limitReached(e);
    activity.blocked(new Block(e.crossingId("limit"), e.at(), e.account().value(), e.userId(), e.loop(), e.gateId(),
        e.plan(), e.reason().code(), e.used(), e.limit()));
    // a missing feature or a member's own cap says nothing about how near the account is to its limit
    if (e.reason() == DenyReason.USAGE_LIMIT || e.reason() == DenyReason.SPEND_CAP) {
      activity.reached(share(e, Math.max(1000, permille(e.used(), e.limit()))));
    }
  }

  @Override
  public void warningReached(LimitReached e) {
    delegate.warningReached(e);
  }

  @Override
  public void thresholdReached(LimitReached e, int permille) {
    delegate.thresholdReached(e, permille);
    activity.reached(share(e, permille));
  }

  private static Share share(LimitReached e, int permille) {
    return new Share(e.account().value(), e.userId(), e.loop(), e.gateId(), e.plan(), permille, e.used(), e.limit(),
        e.at(), e.windowStart(), e.resetAt());
  }

  private static int permille(long used, long limit) {
    return limit <= 0 ? 1000 : (int) Math.min(Integer.MAX_VALUE, used * 1000 / limit);
  }
}
