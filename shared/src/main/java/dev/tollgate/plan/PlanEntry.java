package dev.tollgate.plan;

/**
 * The plan one Stripe subscription gives its account, as the authorizer reads it from
 * the account hash {@code {a:ID}}: {@code plan}, optional {@code until} (epoch ms from which the account
 * counts as on the default plan), optional billing period {@code ps}/{@code pe} (only ever
 * from a paying status), and for people the Stripe {@code status} and subscription id.
 */
public record PlanEntry(String plan, Long until, Long periodStart, Long periodEnd, String status, String subscriptionId) {

  /** Above every epoch-ms value: the rank of a paid entry with no end. */
  static final long OPEN_ENDED = 9_000_000_000_000_000L;

  /**
   * How good this entry is for its account: the epoch ms until which it keeps the account
   * paid — 0 for the default plan, {@link #OPEN_ENDED} for a paid plan with no end.
   */
  public long rank(String defaultPlan) {
    if (plan.equals(defaultPlan)) {
      return 0;
    }
    return until == null ? OPEN_ENDED : until;
  }

  /** Whether this entry puts the account on a paid plan at {@code nowMs} ({@link #paidAt(String, Long, String, long)}). */
  public boolean paidAt(String defaultPlan, long nowMs) {
    return paidAt(plan, until, defaultPlan, nowMs);
  }

  /**
   * "Is this account paid now", the one rule in Java (the email profile and the Stripe side
   * use it; its Lua twin is {@code redis.PlanRule}, inlined in the decision and Stripe scripts):
   * a plan other than the default, while {@code until} is absent, 0 or still ahead. A null
   * plan is the default plan.
   */
  public static boolean paidAt(String plan, Long until, String defaultPlan, long nowMs) {
    return plan != null && !plan.equals(defaultPlan) && (until == null || until <= 0 || nowMs < until);
  }
}
