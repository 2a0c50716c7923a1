package dev.tollgate.plan;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything kept for one Stripe customer: the account it is linked to (null until a link
 * says), the latest snapshot of each subscription, the latest invoice outcome of each, the
 * latest paid period of each, and the accounts it was linked to before whose plans may still
 * hold its entries (until settled).
 */
public record CustomerState(
    String customerId,
    String accountId,
    Map<String, SubscriptionSnapshot> subscriptions,
    Map<String, InvoiceSnapshot> invoices,
    Map<String, PaidPeriod> paidPeriods,
    Set<String> formerAccounts) {

  /** Copies the collections. */
  public CustomerState {
    subscriptions = Map.copyOf(subscriptions);
    invoices = Map.copyOf(invoices);
    paidPeriods = Map.copyOf(paidPeriods);
    formerAccounts = Set.copyOf(formerAccounts);
  }

  /** Ids of every subscription this customer has state for, sorted. */
  public TreeSet<String> subscriptionIds() {
    TreeSet<String> ids = new TreeSet<>(subscriptions.keySet());
    ids.addAll(invoices.keySet());
    return ids;
  }
}
