package dev.tollgate.events;

import dev.tollgate.conversion.Conversion;
import dev.tollgate.plan.PlanEvents;
import dev.tollgate.plan.PlanStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The webhook's events, into the outbox the scheduled function publishes (one command each):
 * after each plan write the account's plan as the write left it (none, or a lapsed one, is the
 * default plan) is compared with the last one announced, and a difference is a {@code plan.changed} event
 * (idempotent per account and Stripe event); a counted conversion is a {@code conversion} event
 * (idempotent per account and conversion time), whose experiment arms the publisher adds.
 */
public final class OutboxPlanEvents implements PlanEvents {
  private final EventOutbox outbox;
  private final String defaultPlan;
  private final Clock clock;

  /** Events of accounts whose default plan is {@code defaultPlan}, into {@code outbox}. */
  public OutboxPlanEvents(EventOutbox outbox, String defaultPlan, Clock clock) {
    this.outbox = outbox;
    this.defaultPlan = defaultPlan;
    this.clock = clock;
  }

  @Override
  public void planWritten(String accountId, PlanStore.PlanWrite write, String stripeEventId) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    // the plan the write left, as the authorizer sees it: none, or a lapsed one, is the default
    String plan = write.plan() == null || !write.isPaid() && !write.plan().equals(defaultPlan) ? defaultPlan
        : write.plan();
    Instant until = write.until() == null || plan.equals(defaultPlan) ? null : Instant.ofEpochMilli(write.until());
    TollgateEvent e = EventDetails.planChanged(accountId, plan, write.isPaid(), until, stripeEventId, now);
    // an account never announced was on the default plan unless it was paid already (then: unknown)
    outbox.addPlanChange(accountId, plan, write.wasPaid() ? null : defaultPlan, e, now);
  }

  @Override
  public void converted(Conversion conversion) {
    outbox.add(EventDetails.conversion(conversion, Map.of()), clock.instant());
  }
}
