package dev.tollgate.plan;

/**
 * A completed Checkout Session: it ties a Stripe customer to one of our users.
 *
 * @param customerId the Stripe customer
 * @param userId {@code client_reference_id}, else {@code metadata.userId}
 * @param email the customer's email, or null
 */
public record CheckoutLink(String customerId, String userId, String email) {}
