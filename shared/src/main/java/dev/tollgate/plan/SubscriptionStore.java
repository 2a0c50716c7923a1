package dev.tollgate.plan;

import java.util.Set;

/**
 * Subscription state per Stripe customer, kept whether or not the customer is linked to an
 * account yet, so that the order in which Stripe delivers events does not matter. Each write
 * is atomic per customer and idempotent (applying the same change again changes nothing).
 */
public interface SubscriptionStore {
  /**
   * Applies {@code change} to its customer: a snapshot or invoice outcome is kept unless a
   * later one of that subscription is ({@link SubscriptionSnapshot#orderKey()},
   * {@link InvoiceSnapshot#orderKey()}); a link, or a snapshot's {@code metadata.userId}
   * (an implicit link), replaces the kept link when its {@link CustomerLink#orderKey()} is
   * greater — the account it replaces is remembered as former until {@link #formerSettled};
   * a link claims the customer's unclaimed credit purchases for its account. Entitlements
   * are kept as the latest complete and the latest partial summary
   * ({@link ActiveEntitlements#orderKey()}).
   */
  Update apply(StripeChange change);

  /**
   * Keeps {@code purchase} (which names no account) on its customer until granted, claimed by
   * the account the customer is linked to now, or else by the first account it is linked to;
   * once per session id: not applied if that session was kept before (granted or not).
   */
  Update keepCredits(CreditPurchase purchase);

  /** Marks the kept purchase of checkout session {@code sessionId} granted: it is no longer in {@link CustomerState#credits()}. */
  void creditsGranted(String customerId, String sessionId);

  /** Adds {@code customerId} to the customers {@link #linkedCustomers()} lists (before it is linked). */
  void index(String customerId);

  /** Forgets {@code formerAccount} as a former account of {@code customerId}: its plan no longer holds the customer. */
  void formerSettled(String customerId, String formerAccount);

  /** The state kept for {@code customerId} (empty, unlinked if none). */
  CustomerState get(String customerId);

  /** Every customer that has been linked (or was about to be) to an account, for reconcile. */
  Set<String> linkedCustomers();

  /**
   * The result of a write: whether it was applied (false: older than what is kept, ignored)
   * and the customer's state after it.
   */
  record Update(boolean applied, CustomerState state) {}
}
