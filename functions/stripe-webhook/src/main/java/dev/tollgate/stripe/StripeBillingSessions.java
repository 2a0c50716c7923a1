package dev.tollgate.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.checkout.SessionCreateParams;
import dev.tollgate.checkout.UpgradeStep;

/**
 * Opens the sessions an upgrade link leads to, through stripe-java: a Checkout Session
 * ({@code POST /v1/checkout/sessions}, mode subscription, one line item of the plan's price) or
 * a Customer Portal session ({@code POST /v1/billing_portal/sessions}). Each answers the URL to
 * send the browser to.
 */
final class StripeBillingSessions {
  private final StripeClient stripe;

  /** Sessions opened through {@code stripe}. */
  StripeBillingSessions(StripeClient stripe) {
    this.stripe = stripe;
  }

  /**
   * The URL of a new Checkout Session for {@code step}. The subscription also carries
   * {@code metadata.userId} (the account), so its events link the account even when they
   * arrive before {@code checkout.session.completed}.
   */
  String checkout(UpgradeStep.Checkout step, String accountId) throws StripeException {
    SessionCreateParams.Builder params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(step.price()).setQuantity(1L).build())
        .setClientReferenceId(step.clientReferenceId())
        .setSuccessUrl(step.successUrl())
        .setCancelUrl(step.cancelUrl())
        .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("userId", accountId).build());
    if (step.customerId() != null) {
      params.setCustomer(step.customerId());
    } else if (step.customerEmail() != null) {
      params.setCustomerEmail(step.customerEmail());
    }
    return stripe.v1().checkout().sessions().create(params.build()).getUrl();
  }

  /** The URL of a new Customer Portal session for {@code step}. */
  String portal(UpgradeStep.Portal step) throws StripeException {
    return stripe.v1().billingPortal().sessions().create(com.stripe.param.billingportal.SessionCreateParams.builder()
        .setCustomer(step.customerId()).setReturnUrl(step.returnUrl()).build()).getUrl();
  }
}
