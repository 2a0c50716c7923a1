package dev.tollgate.plan;

import java.util.Set;

/**
 * Subscription state per Stripe customer, kept whether or not the customer is linked to a
 * user yet, so that the order in which Stripe delivers events does not matter. Each write is
 * atomic per customer.
 */
public interface SubscriptionStore {
  /**
   * Keeps {@code snapshot} unless one with a greater {@link SubscriptionSnapshot#orderKey()} is
   * kept for that subscription; links the customer to {@code snapshot.userId()} if it has no
   * user yet.
   */
  Update applySubscription(SubscriptionSnapshot snapshot);

  /** Keeps {@code invoice} unless a later invoice outcome of its subscription is kept. */
  Update applyInvoice(InvoiceSnapshot invoice);

  /** Links {@code customerId} to {@code userId} (a later link replaces an earlier one). */
  CustomerState link(String customerId, String userId);

  /** The state kept for {@code customerId} (empty maps and no user if none). */
  CustomerState get(String customerId);

  /** Every customer that has been linked to a user. */
  Set<String> linkedCustomers();

  /**
   * The result of a write: whether it was applied (false: an older event, ignored) and the
   * customer's state after it.
   */
  record Update(boolean applied, CustomerState state) {}
}
