package dev.tollgate.events;

import dev.tollgate.conversion.Conversion;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanEvents;
import dev.tollgate.plan.PlanStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's events, into the outbox the scheduled function publishes: after each plan write
 * the account's plan as the authorizer now sees it (a lapsed {@code until} is the default plan)
 * is compared with the last one announced, and a difference is a {@code plan.changed} event
 * (idempotent per account and Stripe event); a counted conversion is a {@code conversion} event
 * (idempotent per account and conversion time), whose experiment arms the publisher adds.
 */
public final class OutboxPlanEvents implements PlanEvents {
  private final EventOutbox outbox;
  private final PlanStore plans;
  private final String defaultPlan;
  private final Clock clock;

  /** Events of {@code plans}' accounts (default plan {@code defaultPlan}) into {@code outbox}. */
  public OutboxPlanEvents(EventOutbox outbox, PlanStore plans, String defaultPlan, Clock clock) {
    this.outbox = outbox;
    this.plans = plans;
    this.defaultPlan = defaultPlan;
    this.clock = clock;
  }

  @Override
  public void planWritten(String accountId, boolean wasPaid, String stripeEventId) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Optional<PlanEntry> entry = plans.read(accountId);
    boolean lapsed = entry.map(e -> e.until() != null && e.until() <= now.toEpochMilli()).orElse(true);
    String plan = lapsed ? defaultPlan : entry.get().plan();
    Instant until = lapsed || entry.get().until() == null ? null : Instant.ofEpochMilli(entry.get().until());
    String status = entry.map(PlanEntry::status).orElse(null);
    TollgateEvent e = EventDetails.planChanged(accountId, plan, !plan.equals(defaultPlan), status, until,
        stripeEventId, now);
    // an account never announced was on the default plan unless it was paid already (then: unknown)
    outbox.addPlanChange(accountId, plan, wasPaid ? null : defaultPlan, e, now);
  }

  @Override
  public void converted(Conversion conversion) {
    outbox.add(EventDetails.conversion(conversion, Map.of()), clock.instant());
  }
}
