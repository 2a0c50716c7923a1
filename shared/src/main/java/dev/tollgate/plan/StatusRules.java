package dev.tollgate.plan;

import dev.tollgate.config.GatingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stripe subscription state → the plan a user is on (DESIGN.md "Stripe statuses"). Pure: the
 * result depends only on the snapshots, never on the current time, so re-deriving after a
 * retry writes the same thing.
 *
 * <ul>
 *   <li>{@code active}, {@code trialing}: the price's plan; with {@code cancel_at_period_end}
 *       until the period end, with {@code cancel_at} until then;</li>
 *   <li>{@code past_due}: the price's plan until {@code pastDueGrace} after the current period
 *       started (when the renewal payment failed), or after the event, if no period is known;</li>
 *   <li>everything else ({@code canceled}, {@code unpaid}, {@code incomplete},
 *       {@code incomplete_expired}, {@code paused}, unknown): the default plan, with the latest
 *       period the subscription was paid for ({@link PaidPeriod}), if any, never its own: only a
 *       paying status ({@link #isPaying}) moves the period a {@code billing} window follows, so
 *       an unpaid subscription never hands out a fresh allowance, and a canceled paid one keeps
 *       the window it had.</li>
 * </ul>
 *
 * <p>An invoice event newer than the subscription snapshot speaks for the status: a paid
 * invoice means the subscription is {@code active} (Stripe activates an incomplete or past_due
 * subscription when its invoice is paid), a failed one means {@code past_due}, or
 * {@code incomplete} for the first invoice. Ended subscriptions stay ended.
 */
public final class StatusRules {
  private static final Map<String, Integer> LIFECYCLE = Map.of(
      "incomplete", 0, "trialing", 1, "active", 2, "past_due", 3, "paused", 4, "unpaid", 4,
      "canceled", 5, "incomplete_expired", 5);

  private final String defaultPlan;
  private final Function<String, Optional<String>> planForPrice;
  private final Duration pastDueGrace;

  /** Rules with an explicit price → plan mapping. */
  public StatusRules(String defaultPlan, Function<String, Optional<String>> planForPrice, Duration pastDueGrace) {
    this.defaultPlan = defaultPlan;
    this.planForPrice = planForPrice;
    this.pastDueGrace = pastDueGrace;
  }

  /** Rules from the config's plans and {@code stripe.pastDueGrace}. */
  public static StatusRules of(GatingConfig config) {
    return new StatusRules(config.defaultPlan().name(),
        price -> config.planForPrice(price).map(GatingConfig.Plan::name), config.stripe().pastDueGrace());
  }

  /** The default plan's name. */
  public String defaultPlan() {
    return defaultPlan;
  }

  /** Position of {@code status} in Stripe's subscription lifecycle (unknown: 0). */
  public static int lifecycleRank(String status) {
    return LIFECYCLE.getOrDefault(status, 0);
  }

  /** The plan a subscription gives, from its latest snapshot and latest invoice outcome (either may be null). */
  public PlanEntry entry(SubscriptionSnapshot sub, InvoiceSnapshot invoice) {
    return entry(sub, invoice, null);
  }

  /**
   * The plan a subscription gives; when it does not pay, with the billing period of
   * {@code lastPaid} (its latest paid period, may be null) rather than its own unpaid one.
   */
  public PlanEntry entry(SubscriptionSnapshot sub, InvoiceSnapshot invoice, PaidPeriod lastPaid) {
    if (sub == null && invoice == null) {
      throw new IllegalArgumentException("a subscription snapshot or an invoice is needed");
    }
    String status = status(sub, invoice);
    Long ps = sub == null ? null : sub.periodStart();
    Long pe = sub == null ? null : sub.periodEnd();
    if (invoice != null && invoice.periodEnd() != null && (pe == null || invoice.periodEnd() > pe)) {
      ps = invoice.periodStart();
      pe = invoice.periodEnd();
    }
    List<String> prices = sub != null && !sub.priceIds().isEmpty() ? sub.priceIds() : invoice.priceIds();
    String subId = sub != null ? sub.id() : invoice.subscriptionId();
    long observed = Math.max(sub == null ? 0 : sub.observedAt(), invoice == null ? 0 : invoice.observedAt());
    String paidPlan = prices.stream().map(planForPrice).flatMap(Optional::stream)
        .filter(p -> !p.equals(defaultPlan)).findFirst().orElse(null);
    if (!isPaying(status)) {
      // an unpaid period must not become the account's billing window (a fresh allowance)
      return lastPaid == null ? new PlanEntry(defaultPlan, null, null, null, status, subId)
          : new PlanEntry(defaultPlan, null, lastPaid.start(), lastPaid.end(), status, subId);
    }
    if (paidPlan == null) {
      return new PlanEntry(defaultPlan, null, ps, pe, status, subId);
    }
    Long until = null;
    if (sub != null && sub.cancelAtPeriodEnd() && pe != null) {
      until = pe;
    }
    if (sub != null && sub.cancelAt() != null) {
      until = min(until, sub.cancelAt());
    }
    if (status.equals("past_due")) {
      long since = ps != null ? ps : observed;
      until = min(until, since + pastDueGrace.toMillis());
    }
    return new PlanEntry(paidPlan, until, ps, pe, status, subId);
  }

  /** The entry each of the customer's subscriptions gives, in subscription id order. */
  public List<PlanEntry> entries(CustomerState state) {
    List<PlanEntry> out = new ArrayList<>();
    for (String sub : state.subscriptionIds()) {
      out.add(entry(state.subscriptions().get(sub), state.invoices().get(sub), state.paidPeriods().get(sub)));
    }
    return out;
  }

  /**
   * Whether Stripe is being paid (or, {@code past_due}, still collecting) for a subscription
   * in {@code status}: only these statuses give a paid plan and move a billing period.
   */
  public static boolean isPaying(String status) {
    return status.equals("active") || status.equals("trialing") || status.equals("past_due");
  }

  private static String status(SubscriptionSnapshot sub, InvoiceSnapshot invoice) {
    if (invoice == null || (sub != null && sub.observedAt() >= invoice.observedAt())) {
      return sub.status();
    }
    String known = sub == null ? null : sub.status();
    if (known != null && lifecycleRank(known) >= 5) {
      return known;
    }
    if (invoice.paid()) {
      return "active";
    }
    boolean first = "subscription_create".equals(invoice.billingReason()) && (known == null || known.equals("incomplete"));
    return first ? "incomplete" : "past_due";
  }

  private static Long min(Long a, long b) {
    return a == null ? b : Math.min(a, b);
  }
}
