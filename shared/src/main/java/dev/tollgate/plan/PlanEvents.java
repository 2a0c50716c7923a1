package dev.tollgate.plan;

import dev.tollgate.conversion.Conversion;

/**
 * What the team's other systems hear of the webhook's work (as {@code plan.changed} and
 * {@code conversion} events, through the events outbox). Both calls are idempotent, and made
 * before the Stripe event is marked processed, so a retried event repeats them harmlessly.
 */
public interface PlanEvents {
  /** The plan of {@code accountId} was written ({@code write}) on Stripe event {@code stripeEventId} (null: reconcile). */
  void planWritten(String accountId, PlanStore.PlanWrite write, String stripeEventId);

  /** {@code conversion} was counted. */
  void converted(Conversion conversion);

  /** Tells nobody (tools and tests that do not publish events). */
  PlanEvents NONE = new PlanEvents() {
    @Override
    public void planWritten(String accountId, PlanStore.PlanWrite write, String stripeEventId) {}

    @Override
    public void converted(Conversion conversion) {}
  };
}
