package dev.tollgate.checkout;

/** Where a valid upgrade link sends its account: decided by {@link UpgradeRoute}, carried out by the handler. */
public sealed interface UpgradeStep {
  /**
   * A new Stripe Checkout Session (mode subscription) for one {@code price}.
   *
   * @param customerId the linked Stripe customer, or null (then {@code customerEmail}, if known)
   * @param customerEmail the account's email when no customer is linked, or null
   * @param clientReferenceId the account as the webhook reads it back ({@code ClientReferenceId})
   */
  record Checkout(String customerId, String customerEmail, String clientReferenceId, String price,
      String successUrl, String cancelUrl) implements UpgradeStep {}

  /** A Customer Portal session for {@code customerId}, an account that already pays. */
  record Portal(String customerId, String returnUrl) implements UpgradeStep {}

  /** An account that pays without a Stripe customer (a plan set by hand): nothing to sell or manage. */
  record AlreadyPaid(String plan) implements UpgradeStep {}

  /** No Stripe API key: redirect to {@code email.upgradeUrl} rendered for the account ({@code url}). */
  record Redirect(String url) implements UpgradeStep {}

  /** Nothing to send the account to (no Stripe key and no {@code email.upgradeUrl}): {@code why}. */
  record Unavailable(String why) implements UpgradeStep {}
}
