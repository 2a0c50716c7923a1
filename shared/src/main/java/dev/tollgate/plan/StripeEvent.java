package dev.tollgate.plan;

/**
 * A Stripe event reduced to what Tollgate needs. {@code change} is a
 * {@link SubscriptionSnapshot}, an {@link InvoiceSnapshot}, a {@link CheckoutLink}, or null
 * for a type (or object) Tollgate does not act on.
 *
 * @param id the event id ({@code evt_...}), the de-duplication key
 * @param type the event type
 * @param created the event's {@code created}, epoch ms
 * @param apiVersion the API version the payload is rendered in
 * @param change what the event changes, or null
 */
public record StripeEvent(String id, String type, long created, String apiVersion, Object change) {}
