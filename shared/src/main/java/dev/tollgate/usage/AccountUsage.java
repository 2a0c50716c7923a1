package dev.tollgate.usage;

import java.time.Instant;
import java.util.Set;

/**
 * An account as {@code GET /usage} shows it, read without counting anything.
 *
 * @param outcome the plan and every gate as the reading user sees it ({@code used} before any
 *     call, {@code limit}, window, overage and member share); its {@code allowed} flags say
 *     whether one more call would pass
 * @param entitlements features the account has from Stripe Entitlements (beyond its plan's)
 * @param credits the prepaid credits, or null when no gate read uses credits
 */
public record AccountUsage(UsageOutcome outcome, Set<String> entitlements, Credits credits) {

  /**
   * Prepaid credits at the time read.
   *
   * @param balance units drawable now
   * @param nextExpiry when the soonest-expiring live grant expires (null = none expires)
   * @param expiring units that expire then
   */
  public record Credits(long balance, Instant nextExpiry, long expiring) {}
}
