package dev.tollgate.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a subscription invoice event tells about its subscription: that a payment
 * succeeded or failed, for which prices and which service period. Times are epoch ms.
 *
 * @param subscriptionId the subscription it bills
 * @param customerId the Stripe customer
 * @param paid true for {@code invoice.paid}, false for {@code invoice.payment_failed}
 * @param billingReason Stripe's {@code billing_reason} ({@code subscription_create}, {@code subscription_cycle}, ...)
 * @param priceIds the prices of its subscription lines
 * @param periodStart start of the service period its subscription lines cover, if any
 * @param periodEnd end of that period, if any
 * @param userId {@code metadata.userId} of the subscription details, if present
 * @param observedAt the {@code created} time of the event
 */
public record InvoiceSnapshot(
    String subscriptionId,
    String customerId,
    boolean paid,
    String billingReason,
    List<String> priceIds,
    Long periodStart,
    Long periodEnd,
    String userId,
    long observedAt) implements StripeChange {

  /** Normalises the price list to an immutable copy. */
  public InvoiceSnapshot {
    priceIds = List.copyOf(priceIds);
  }

  /** Orders two invoice outcomes of one subscription: later wins; in one second, paid wins. */
  public String orderKey() {
    return String.format("%015d|%d|%s", observedAt, paid ? 1 : 0, periodEnd);
  }

  @Override
  public Optional<String> accountId() {
    return Optional.ofNullable(userId);
  }

  @Override
  public Optional<String> subscription() {
    return Optional.of(subscriptionId);
  }

  @Override
  public <R> R match(Cases<R> cases) {
    return cases.invoice(this);
  }
}
