package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StatusRules;
import java.time.Clock;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds a {@link PlanSync} over the Redis stores (the webhook handler, reconcile and the CLI
 * share it); plan changes and conversions go to the events outbox.
 */
public final class RedisPlanSync {
  private RedisPlanSync() {}

  /** A sync on {@code redis} with {@code config}'s plans and Stripe settings; EMF lines go to {@code metricsOut}. */
  public static PlanSync create(UnifiedJedis redis, GatingConfig config, Clock clock, Consumer<String> metricsOut) {
    RedisPlanStore plans = new RedisPlanStore(redis);
    return new PlanSync(new RedisSubscriptionStore(redis), plans, new RedisProcessedEvents(redis),
        new RedisConversionLog(redis), new ConversionMetrics(metricsOut), StatusRules.of(config),
        config.stripe().attributionWindow(), clock, new dev.tollgate.events.OutboxPlanEvents(new RedisEventOutbox(redis),
            plans, config.defaultPlan().name(), clock));
  }
}
