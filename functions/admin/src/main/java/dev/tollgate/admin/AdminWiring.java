package dev.tollgate.admin;

import com.stripe.StripeClient;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.stripe.WebhookWiring;
import java.time.Clock;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds {@link AdminOperations} over a Redis client and an environment: the admin function
 * from its Lambda environment, the CLI and the local stack from theirs. {@code STRIPE_API_KEY}
 * is read only when {@code reconcile} runs.
 */
public final class AdminWiring {
  /** The Stripe key reconcile reads subscriptions with. */
  public static final String STRIPE_API_KEY_ENV = "STRIPE_API_KEY";

  private AdminWiring() {}

  /**
   * Operations on {@code redis} for {@code config}; reconcile talks to Stripe at
   * {@code stripeApiBase} (null: Stripe's own API; set only by tests and the local stack).
   */
  public static AdminOperations of(GatingConfig config, UnifiedJedis redis, Map<String, String> env, String stripeApiBase,
      Clock clock) {
    return new AdminOperations(config, redis, () -> {
      String key = env.get(STRIPE_API_KEY_ENV);
      if (key == null || key.isBlank()) {
        throw new IllegalStateException(STRIPE_API_KEY_ENV + " is not set (a restricted key with read access to "
            + "subscriptions is enough)");
      }
      StripeClient.StripeClientBuilder stripe = StripeClient.builder().setApiKey(key);
      if (stripeApiBase != null) {
        stripe.setApiBase(stripeApiBase);
      }
      return WebhookWiring.of(config, redis, clock, line -> { }).reconciler(stripe.build());
    }, clock);
  }
}
