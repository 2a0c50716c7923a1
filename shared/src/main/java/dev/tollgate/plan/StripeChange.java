package dev.tollgate.plan;

import java.util.Optional;

/**
 * What one Stripe event (or one object read from the API) changes in a customer's kept
 * state: a link to an account, a subscription snapshot, an invoice outcome or the customer's
 * active entitlements. Sealed, and
 * matched exhaustively with {@link #match} (Java 17 has no pattern switch), so adding a kind
 * of change breaks every place that must handle it at compile time.
 */
public sealed interface StripeChange permits CustomerLink, SubscriptionSnapshot, InvoiceSnapshot,
    ActiveEntitlements {
  /** The Stripe customer whose state changes. */
  String customerId();

  /** The account this change names for its customer (a link, or {@code metadata.userId}), if any. */
  Optional<String> accountId();

  /** The subscription this change is about, if any. */
  default Optional<String> subscription() {
    return Optional.empty();
  }

  /** The email address this change tells for the account, if any. */
  default Optional<String> email() {
    return Optional.empty();
  }

  /** Calls the case of {@code cases} for this kind of change. */
  <R> R match(Cases<R> cases);

  /** One case per kind of change. */
  interface Cases<R> {
    /** A customer linked to an account. */
    R link(CustomerLink link);

    /** A subscription snapshot. */
    R subscription(SubscriptionSnapshot snapshot);

    /** An invoice outcome. */
    R invoice(InvoiceSnapshot invoice);

    /** The customer's active entitlements. */
    R entitlements(ActiveEntitlements entitlements);
  }
}
