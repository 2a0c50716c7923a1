package dev.tollgate.plan;

import java.util.Map;
import java.util.TreeSet;

/**
 * Everything kept for one Stripe customer: the user it is linked to (null until a Checkout
 * Session or {@code metadata.userId} says), the latest snapshot of each subscription and the
 * latest invoice outcome of each.
 */
public record CustomerState(
    String customerId,
    String userId,
    Map<String, SubscriptionSnapshot> subscriptions,
    Map<String, InvoiceSnapshot> invoices) {

  /** Copies the maps. */
  public CustomerState {
    subscriptions = Map.copyOf(subscriptions);
    invoices = Map.copyOf(invoices);
  }

  /** Ids of every subscription this customer has state for, sorted. */
  public TreeSet<String> subscriptionIds() {
    TreeSet<String> ids = new TreeSet<>(subscriptions.keySet());
    ids.addAll(invoices.keySet());
    return ids;
  }
}
