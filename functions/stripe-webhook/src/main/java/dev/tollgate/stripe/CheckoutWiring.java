package dev.tollgate.stripe;

import dev.tollgate.checkout.BillingAccounts;
import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.checkout.UpgradeRoute;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisBillingAccounts;
import dev.tollgate.redis.RedisConnector;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the upgrade link's long-lived parts once per container — the one place they are wired:
 * config (which must have a {@code checkout} section), the link secret ({@code UNSUBSCRIBE_SECRET}),
 * the Redis client ({@code REDIS_URL}, {@code REDIS_AUTH}) and Stripe ({@code STRIPE_API_KEY};
 * without it the link redirects to {@code email.upgradeUrl}). The local stack builds the same
 * with {@link #of}.
 *
 * @param config the gating config
 * @param links the upgrade links (checked here, made by the authorizer and dispatcher)
 * @param route the decision between Checkout, Portal and redirect
 * @param accounts the accounts' plans, customers and emails
 * @param stripe the sessions through Stripe, or null without a Stripe key
 * @param clock the clock of expiries and the paid rule
 */
public record CheckoutWiring(GatingConfig config, UpgradeLinks links, UpgradeRoute route, BillingAccounts accounts,
    StripeBillingSessions stripe, Clock clock) {

  /** The parts a deployed function uses, from its environment; a missing section or secret fails before Redis is dialled. */
  static CheckoutWiring fromEnvironment(Map<String, String> env) {
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    links(config, env);
    return of(config, RedisConnector.fromEnvironment(env, config.redis()), env, null, Clock.systemUTC());
  }

  /**
   * The parts over {@code redis} for {@code config}, secrets from {@code env}, Stripe reached at
   * {@code stripeApiBase} (null: Stripe's own API; set by tests and the local stack).
   */
  public static CheckoutWiring of(GatingConfig config, UnifiedJedis redis, Map<String, String> env, String stripeApiBase,
      Clock clock) {
    String key = env.get(ReporterWiring.API_KEY_ENV);
    StripeBillingSessions stripe = key == null || key.isBlank() ? null
        : new StripeBillingSessions(ReporterWiring.stripeClient(key, stripeApiBase));
    return new CheckoutWiring(config, links(config, env), new UpgradeRoute(config), new RedisBillingAccounts(redis), stripe,
        clock);
  }

  /** The handler over these parts; log lines go to {@code log}. */
  public UpgradeLinkHandler handler(Consumer<String> log) {
    return new UpgradeLinkHandler(links, route, accounts, stripe, config.checkout().orElseThrow().cancelUrl(), clock, log);
  }

  private static UpgradeLinks links(GatingConfig config, Map<String, String> env) {
    return UpgradeLinks.of(config, env.get(UpgradeLinks.SECRET_ENV)).orElseThrow(() -> new IllegalStateException(
        "gating.yaml has no 'checkout' section: there is no upgrade link to serve"));
  }
}
