package dev.tollgate.plan;

/**
 * The plan one Stripe customer gives its user, as the authorizer reads it from
 * {@code {u:ID}:p}: {@code plan}, optional {@code until} (epoch ms from which the user counts
 * as on the default plan), optional billing period {@code ps}/{@code pe}, and for people the
 * Stripe {@code status} and subscription id behind it.
 */
public record PlanEntry(String plan, Long until, Long periodStart, Long periodEnd, String status, String subscriptionId) {

  /** Above every epoch-ms value: the rank of a paid entry with no end. */
  static final long OPEN_ENDED = 9_000_000_000_000_000L;

  /**
   * How good this entry is for its user, for picking one among several customers or
   * subscriptions: the default plan ranks 0, a paid one by how long it lasts.
   */
  public long rank(String defaultPlan) {
    if (plan.equals(defaultPlan)) {
      return 0;
    }
    return until == null ? OPEN_ENDED : until;
  }

  /** Whether this entry puts the user on a paid plan at {@code nowMs}. */
  public boolean paidAt(String defaultPlan, long nowMs) {
    return !plan.equals(defaultPlan) && (until == null || until > nowMs);
  }
}
