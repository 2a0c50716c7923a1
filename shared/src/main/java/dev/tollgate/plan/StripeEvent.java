package dev.tollgate.plan;

import java.util.List;
import java.util.Optional;

/**
 * A Stripe event reduced to what Tollgate needs.
 *
 * @param id the event id ({@code evt_...}), the de-duplication key
 * @param type the event type
 * @param created the event's {@code created}, epoch ms
 * @param apiVersion the API version the payload is rendered in
 * @param change what the event changes in its customer's state; empty for a type (or object)
 *     Tollgate does not act on
 * @param credits the credits a paid Checkout Session grants, if any
 * @param notes what was left out of the event and why (unusable lookup keys, credit metadata
 *     that is not a whole number, ...), for the log line
 */
public record StripeEvent(String id, String type, long created, String apiVersion, Optional<StripeChange> change,
    Optional<CreditPurchase> credits, List<String> notes) {

  /** Copies the notes. */
  public StripeEvent {
    notes = List.copyOf(notes);
  }

  /** An event that changes at most a customer's state: no credits, nothing left out. */
  public StripeEvent(String id, String type, long created, String apiVersion, Optional<StripeChange> change) {
    this(id, type, created, apiVersion, change, Optional.empty(), List.of());
  }

  /** Whether Tollgate acts on it at all. */
  public boolean actionable() {
    return change.isPresent() || credits.isPresent();
  }
}
