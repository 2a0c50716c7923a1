package dev.tollgate.plan;

import java.util.Optional;

/**
 * A Stripe event reduced to what Tollgate needs.
 *
 * @param id the event id ({@code evt_...}), the de-duplication key
 * @param type the event type
 * @param created the event's {@code created}, epoch ms
 * @param apiVersion the API version the payload is rendered in
 * @param change what the event changes; empty for a type (or object) Tollgate does not act on
 */
public record StripeEvent(String id, String type, long created, String apiVersion, Optional<StripeChange> change) {}
