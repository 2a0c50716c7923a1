package dev.tollgate.config;

import java.time.Duration;

/**
 * The validated {@code checkout} section, for one-click upgrade: {@code {{upgradeUrl}}} becomes
 * a signed link under {@code linkBaseUrl} (valid {@code linkTtl}) whose route opens a Stripe
 * Checkout Session for {@code plan} at {@code price} (the plan's first {@code stripePrices}
 * entry), or the Customer Portal for an account that already pays.
 */
public record CheckoutConfig(String linkBaseUrl, String plan, String price, String successUrl, String cancelUrl,
    String portalReturnUrl, Duration linkTtl) {}
