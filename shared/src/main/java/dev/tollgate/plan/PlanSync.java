package dev.tollgate.plan;

import dev.tollgate.conversion.Attribution;
import dev.tollgate.conversion.Conversion;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.credits.CreditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps accounts' plans and Stripe entitlements in step with Stripe: applies an event (or an
 * object re-read from the API) to its customer's state, then re-derives the plan and the
 * entitlements of every account the customer touches — the linked one and any it was linked
 * to before — and grants the credits a paid Checkout Session sells ({@link CreditGrants}).
 *
 * <p>Every step is idempotent per event, so a retry after a failure between any two steps
 * converges and counts nothing twice: the customer is indexed (for reconcile) before it is
 * linked; the customer's state is written; the linked account's plan is derived from the whole
 * customer state (also when the event turns out stale); a conversion stays pending on the
 * account until the funnel, which counts each conversion id once, has it; a former account
 * stays marked on the customer until its plan no longer holds the customer; credits are
 * granted once per Checkout Session; the event id is marked processed last. A conversion's
 * EMF line is written by the attempt whose count the funnel confirmed: never twice (it is lost
 * only if that very confirmation is lost; the funnel itself stays exact).
 */
public final class PlanSync {
  private final SubscriptionStore customers;
  private final PlanStore plans;
  private final ProcessedEvents processed;
  private final Funnel funnel;
  private final ConversionMetrics metrics;
  private final StatusRules rules;
  private final Duration attributionWindow;
  private final Clock clock;
  private final CreditGrants grants;
  private final PlanEvents events;

  /** A sync over these ports; {@code clock} dates conversions and credit grants. */
  public PlanSync(SubscriptionStore customers, PlanStore plans, CreditStore credits, ProcessedEvents processed,
      Funnel funnel, ConversionMetrics metrics, StatusRules rules, Duration attributionWindow, Clock clock) {
    this(customers, plans, credits, processed, funnel, metrics, rules, attributionWindow, clock, PlanEvents.NONE);
  }

  /** As above, telling {@code events} of plan writes and conversions (for the team's other systems). */
  public PlanSync(SubscriptionStore customers, PlanStore plans, CreditStore credits, ProcessedEvents processed,
      Funnel funnel, ConversionMetrics metrics, StatusRules rules, Duration attributionWindow, Clock clock,
      PlanEvents events) {
    this.grants = new CreditGrants(customers, credits, clock);
    this.events = events;
    this.customers = customers;
    this.plans = plans;
    this.processed = processed;
    this.funnel = funnel;
    this.metrics = metrics;
    this.rules = rules;
    this.attributionWindow = attributionWindow;
    this.clock = clock;
  }

  /** What became of an event. */
  public enum Outcome {
    /** It changed kept state (possibly only a customer not yet linked to an account). */
    APPLIED,
    /** Its id was processed before; nothing changed. */
    DUPLICATE,
    /** A later event of the same subscription (or a later link, or entitlement summary) was applied already; nothing changed. */
    STALE,
    /** Tollgate does not act on this type (or the object lacks what it needs). */
    IGNORED
  }

  /** The outcome and, for people, what happened ({@code plan ...}, {@code kept until linked}, ...). */
  public record Result(Outcome outcome, String detail) {}

  /** Applies one verified event. Throws (and leaves the event unmarked) if a store fails. */
  public Result handle(StripeEvent event) {
    if (!event.actionable()) {
      return new Result(Outcome.IGNORED, noted("not acted on", event.notes()));
    }
    if (processed.isProcessed(event.id())) {
      return new Result(Outcome.DUPLICATE, event.type());
    }
    Result result = event.change().map(c -> apply(c, event.id())).orElse(null);
    String credited = event.credits().map(grants::purchase).orElse(null);
    processed.markProcessed(event.id());
    List<String> details = new ArrayList<>();
    if (result != null) {
      details.add(result.detail());
    }
    if (credited != null) {
      details.add(credited);
    }
    Outcome outcome = result == null || credited != null ? Outcome.APPLIED : result.outcome();
    return new Result(outcome, noted(String.join("; ", details), event.notes()));
  }

  /** Applies an object read from the Stripe API (reconcile: a subscription, the active entitlements); no de-dup. */
  public Result reconcile(StripeChange change) {
    return apply(change, null);
  }

  /** Re-derives every account {@code customerId} touches from its kept state (reconcile of a customer with nothing new). */
  public Result rederive(String customerId) {
    return new Result(Outcome.APPLIED, derive(customers.get(customerId), Optional.empty(), null));
  }

  private Result apply(StripeChange change, String eventId) {
    if (change.accountId().isPresent()) {
      customers.index(change.customerId());
    }
    SubscriptionStore.Update update = customers.apply(change);
    String detail = derive(update.state(), change.email(), eventId);
    return new Result(update.applied() ? Outcome.APPLIED : Outcome.STALE, detail);
  }

  /**
   * Writes the linked account's plan and entitlements, settles former accounts and grants the
   * credit purchases claimed on the customer; tells {@link PlanEvents} of each plan write (the
   * Stripe event {@code eventId}, null on reconcile); returns a note for the answer.
   */
  private String derive(CustomerState state, Optional<String> email, String eventId) {
    Instant now = clock.instant();
    for (String former : state.formerAccounts()) {
      if (!former.equals(state.accountId())) {
        PlanStore.PlanWrite gone = plans.forget(former, state.customerId(), now);
        events.planWritten(former, gone, eventId);
        settle(former, gone);
      }
      customers.formerSettled(state.customerId(), former);
    }
    if (state.accountId() == null) {
      return "customer " + state.customerId() + " kept until linked to an account";
    }
    List<PlanEntry> entries = rules.entries(state);
    Set<String> entitlements = state.activeEntitlements();
    PlanStore.PlanWrite write = plans.write(state.accountId(), state.customerId(), entries, entitlements, email, now);
    events.planWritten(state.accountId(), write, eventId);
    settle(state.accountId(), write);
    String credited = grants.settle(state);
    String plan = write.plan() == null ? "customer " + state.customerId() + " linked, no plan yet"
        : "plan " + write.plan() + (write.until() == null ? "" : " until " + Instant.ofEpochMilli(write.until()));
    boolean summarised = state.entitlements() != null || state.partialEntitlements() != null;
    return plan + (summarised ? "; entitlements of " + state.customerId() + ": "
        + (entitlements.isEmpty() ? "none" : String.join(",", entitlements)) : "") + (credited.isEmpty() ? "" : "; " + credited);
  }

  private static String noted(String detail, List<String> notes) {
    return notes.isEmpty() ? detail : detail + " (" + String.join("; ", notes) + ")";
  }

  /** Counts a pending conversion of {@code accountId} once, then clears it. */
  private void settle(String accountId, PlanStore.PlanWrite write) {
    if (write.pendingConversionAt() == null) {
      return;
    }
    Conversion c = Attribution.attribute(accountId, write.timeline(), write.pendingConversionAt(), attributionWindow);
    if (funnel.conversion(c)) {
      metrics.emit(c);
    }
    events.converted(c);
    plans.conversionCounted(accountId, write.pendingConversionAt());
  }
}
