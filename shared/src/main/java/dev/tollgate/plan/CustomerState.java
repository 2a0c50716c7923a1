package dev.tollgate.plan;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything kept for one Stripe customer: the account it is linked to (null until a link
 * says), the latest snapshot of each subscription, the latest invoice outcome of each, the
 * latest paid period of each, the accounts it was linked to before whose plans may still
 * hold its entries (until settled), its latest complete and latest partial entitlement
 * summaries, and the credit purchases not yet granted.
 *
 * @param entitlements the latest complete entitlement summary, or null
 * @param partialEntitlements the latest partial one ({@code has_more}), or null
 * @param credits credit purchases waiting to be granted, by session id: claimed by the account
 *     in {@link CreditPurchase#account()}, or by nobody yet (null) while the customer is unlinked
 */
public record CustomerState(
    String customerId,
    String accountId,
    Map<String, SubscriptionSnapshot> subscriptions,
    Map<String, InvoiceSnapshot> invoices,
    Map<String, PaidPeriod> paidPeriods,
    Set<String> formerAccounts,
    ActiveEntitlements entitlements,
    ActiveEntitlements partialEntitlements,
    Map<String, CreditPurchase> credits) {

  /** Copies the collections. */
  public CustomerState {
    subscriptions = Map.copyOf(subscriptions);
    invoices = Map.copyOf(invoices);
    paidPeriods = Map.copyOf(paidPeriods);
    formerAccounts = Set.copyOf(formerAccounts);
    credits = Map.copyOf(credits);
  }

  /** Ids of every subscription this customer has state for, sorted. */
  public TreeSet<String> subscriptionIds() {
    TreeSet<String> ids = new TreeSet<>(subscriptions.keySet());
    ids.addAll(invoices.keySet());
    return ids;
  }

  /** The lookup keys of the features this customer has ({@link ActiveEntitlements#effective}), sorted. */
  public Set<String> activeEntitlements() {
    return ActiveEntitlements.effective(entitlements, partialEntitlements);
  }
}
