package dev.tollgate.stripe;

import com.stripe.StripeClient;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StatusRules;
import dev.tollgate.plan.SubscriptionStore;
import dev.tollgate.events.OutboxPlanEvents;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPlanStore;
import dev.tollgate.redis.RedisProcessedEvents;
import dev.tollgate.redis.RedisSubscriptionStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the webhook's long-lived parts once per container — the one place they are wired:
 * config ({@code TOLLGATE_CONFIG} or the bundled gating.yaml), the Redis client
 * ({@code REDIS_URL}, {@code REDIS_AUTH}), the stores (credits included), the {@link PlanSync} and the signing
 * secrets ({@code STRIPE_WEBHOOK_SECRET}). The local stack and {@code tollgate reconcile}
 * build the same parts with {@link #of}.
 *
 * @param config the gating config
 * @param redis the Redis client
 * @param clock the clock of signatures and conversions
 * @param customers the customer store (reconcile lists the linked customers)
 * @param sync the plan sync over the Redis stores
 */
public record WebhookWiring(GatingConfig config, UnifiedJedis redis, Clock clock, SubscriptionStore customers,
    PlanSync sync) {

  /** The parts a deployed function uses, from its environment. */
  static WebhookWiring fromEnvironment(Map<String, String> env) {
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    return of(config, RedisConnector.fromEnvironment(env, config.redis()), Clock.systemUTC(), System.out::println);
  }

  /**
   * The stores and sync over {@code redis} for {@code config}; CloudWatch EMF lines of
   * conversions go to {@code metrics} (the function's stdout).
   */
  public static WebhookWiring of(GatingConfig config, UnifiedJedis redis, Clock clock, Consumer<String> metrics) {
    SubscriptionStore customers = new RedisSubscriptionStore(redis);
    RedisPlanStore plans = new RedisPlanStore(redis, config.defaultPlan().name());
    // plan changes and conversions also go to the events outbox the scheduled function publishes
    PlanSync sync = new PlanSync(customers, plans, new RedisCreditStore(redis), new RedisProcessedEvents(redis),
        new RedisFunnel(redis), new ConversionMetrics(metrics), StatusRules.of(config),
        config.stripe().attributionWindow(), clock,
        new OutboxPlanEvents(new RedisEventOutbox(redis), config.defaultPlan().name(), clock));
    return new WebhookWiring(config, redis, clock, customers, sync);
  }

  /** A handler accepting signatures by any of {@code secrets} (several during a roll); log lines go to {@code log}. */
  public StripeWebhookHandler handler(List<String> secrets, Consumer<String> log) {
    return new StripeWebhookHandler(sync, secrets, config.stripe().webhookTolerance(), clock, log);
  }

  /**
   * A reconciler reading through {@code stripe}: subscriptions, and the active entitlements when
   * a loop has a feature condition (the only reader of entitlements; so a restricted key
   * without Entitlements access still reconciles a config that gates no feature).
   */
  public StripeReconciler reconciler(StripeClient stripe) {
    boolean features = config.loops().stream().flatMap(l -> l.steps().stream()).anyMatch(s -> s.condition().isFeature());
    return new StripeReconciler(stripe, sync, customers, clock, features);
  }
}
