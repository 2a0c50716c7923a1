package dev.tollgate.plan;

import dev.tollgate.conversion.Attribution;
import dev.tollgate.conversion.Conversion;
import dev.tollgate.conversion.ConversionLog;
import dev.tollgate.conversion.ConversionMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps users' plans in step with Stripe: applies an event (or a subscription re-read from
 * the API) to its customer's state, then re-derives the linked user's plan from the whole
 * customer state. Every step is idempotent, so a retry after a failure anywhere converges:
 * the customer is written first, the user's plan is derived from it (also when the event
 * turns out stale), and the event id is marked processed last.
 */
public final class PlanSync {
  private final SubscriptionStore subscriptions;
  private final PlanStore plans;
  private final ProcessedEvents processed;
  private final ConversionLog conversions;
  private final ConversionMetrics metrics;
  private final StatusRules rules;
  private final Duration attributionWindow;
  private final Clock clock;
  private final PlanEvents events;

  /** A sync over these ports; {@code clock} dates conversions. */
  public PlanSync(SubscriptionStore subscriptions, PlanStore plans, ProcessedEvents processed, ConversionLog conversions,
      ConversionMetrics metrics, StatusRules rules, Duration attributionWindow, Clock clock) {
    this(subscriptions, plans, processed, conversions, metrics, rules, attributionWindow, clock, PlanEvents.NONE);
  }

  /** As above, telling {@code events} of plan writes and conversions. */
  public PlanSync(SubscriptionStore subscriptions, PlanStore plans, ProcessedEvents processed, ConversionLog conversions,
      ConversionMetrics metrics, StatusRules rules, Duration attributionWindow, Clock clock, PlanEvents events) {
    this.events = events;
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.processed = processed;
    this.conversions = conversions;
    this.metrics = metrics;
    this.rules = rules;
    this.attributionWindow = attributionWindow;
    this.clock = clock;
  }

  /** What became of an event. */
  public enum Outcome {
    /** It changed kept state (possibly only a customer not yet linked to a user). */
    APPLIED,
    /** Its id was processed before; nothing changed. */
    DUPLICATE,
    /** A later event of the same subscription was applied already; nothing changed. */
    STALE,
    /** Tollgate does not act on this type (or the object lacks what it needs). */
    IGNORED
  }

  /** The outcome and, for people, what happened ({@code user}, {@code pending link}, ...). */
  public record Result(Outcome outcome, String detail) {}

  /** Applies one verified event. Throws (and leaves the event unmarked) if a store fails. */
  public Result handle(StripeEvent event) {
    if (processed.isProcessed(event.id())) {
      return new Result(Outcome.DUPLICATE, event.type());
    }
    Result result = apply(event.change(), event.id());
    processed.markProcessed(event.id());
    return result;
  }

  /** Applies a subscription read from the Stripe API (reconcile); no de-dup. */
  public Result reconcile(SubscriptionSnapshot snapshot) {
    return apply(snapshot, null);
  }

  private Result apply(Object change, String eventId) {
    if (change instanceof CheckoutLink link) {
      CustomerState state = subscriptions.link(link.customerId(), link.userId());
      if (link.email() != null && !link.email().isBlank()) {
        plans.rememberEmail(link.userId(), link.email());
      }
      return new Result(Outcome.APPLIED, derive(state, eventId));
    }
    SubscriptionStore.Update update;
    if (change instanceof SubscriptionSnapshot s) {
      update = subscriptions.applySubscription(s);
    } else if (change instanceof InvoiceSnapshot i) {
      update = subscriptions.applyInvoice(i);
    } else {
      return new Result(Outcome.IGNORED, "not acted on");
    }
    String detail = derive(update.state(), eventId);
    return new Result(update.applied() ? Outcome.APPLIED : Outcome.STALE, detail);
  }

  /** Writes the linked user's plan from the customer's state; returns a note for the answer. */
  private String derive(CustomerState state, String eventId) {
    if (state.userId() == null) {
      return "customer " + state.customerId() + " kept until linked to a user";
    }
    List<PlanEntry> entries = new ArrayList<>();
    for (String sub : state.subscriptionIds()) {
      entries.add(rules.entry(state.subscriptions().get(sub), state.invoices().get(sub)));
    }
    Optional<PlanEntry> best = rules.best(entries);
    if (best.isEmpty()) {
      return "customer " + state.customerId() + " linked, no subscription yet";
    }
    Instant now = clock.instant();
    PlanStore.PlanWrite write = plans.write(state.userId(), state.customerId(), best.get(), rules.defaultPlan(), now);
    events.planWritten(state.userId(), write.wasPaid(), eventId);
    if (write.pendingConversionAt() != null) {
      Conversion c = Attribution.attribute(state.userId(), write.timeline(), write.pendingConversionAt(), attributionWindow);
      conversions.record(c);
      metrics.emit(c);
      events.converted(c);
      plans.conversionRecorded(state.userId());
    }
    return "plan " + best.get().plan() + (best.get().until() == null ? "" : " until " + Instant.ofEpochMilli(best.get().until()));
  }
}
