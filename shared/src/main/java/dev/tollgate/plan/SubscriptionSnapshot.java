package dev.tollgate.plan;

import java.util.List;
import java.util.Optional;

/**
 * What Tollgate keeps of one Stripe subscription, as of one event (or one API read).
 * Times are epoch milliseconds; a {@code null} time is one Stripe did not give.
 *
 * @param id the subscription id ({@code sub_...})
 * @param customerId the Stripe customer ({@code cus_...})
 * @param status Stripe's status ({@code active}, {@code past_due}, ...)
 * @param priceIds the prices of its items
 * @param periodStart current period start (on the subscription before 2025, on its items since)
 * @param periodEnd current period end (likewise)
 * @param cancelAtPeriodEnd whether it ends at {@code periodEnd}
 * @param cancelAt when it is scheduled to end, if scheduled
 * @param userId {@code metadata.userId}, if the integration put it there (links only a customer
 *     with no explicit link, see {@link CustomerLink})
 * @param observedAt the {@code created} time of the event that carried it
 */
public record SubscriptionSnapshot(
    String id,
    String customerId,
    String status,
    List<String> priceIds,
    Long periodStart,
    Long periodEnd,
    boolean cancelAtPeriodEnd,
    Long cancelAt,
    String userId,
    long observedAt) implements StripeChange {

  /** Normalises the price list to an immutable copy. */
  public SubscriptionSnapshot {
    priceIds = List.copyOf(priceIds);
  }

  /**
   * The key that orders two snapshots of this subscription: later {@code observedAt} wins;
   * within one second the status further along Stripe's lifecycle wins, then the content
   * (so any arrival order picks the same one). Compared as strings.
   */
  public String orderKey() {
    return String.format("%015d|%d|%s|%b|%s|%s", observedAt, StatusRules.lifecycleRank(status), status,
        cancelAtPeriodEnd, periodEnd, String.join(",", priceIds));
  }

  @Override
  public Optional<String> accountId() {
    return Optional.ofNullable(userId);
  }

  @Override
  public Optional<String> subscription() {
    return Optional.of(id);
  }

  @Override
  public <R> R match(Cases<R> cases) {
    return cases.subscription(this);
  }
}
