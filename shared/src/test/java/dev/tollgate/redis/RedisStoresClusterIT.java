package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.FunnelContract;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.credits.CreditStoreContract;
import dev.tollgate.plan.PlanStore;
import dev.tollgate.plan.PlanStoreContract;
import dev.tollgate.plan.ProcessedEvents;
import dev.tollgate.plan.ProcessedEventsContract;
import dev.tollgate.plan.SubscriptionStore;
import dev.tollgate.plan.SubscriptionStoreContract;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Stripe-side stores (subscriptions, plans, credits, conversions, processed events) pass the same
 * contracts as on single Redis, on a real three-master Redis Cluster: every script keeps its
 * keys in one slot ({u:ID}, {c:CUSTOMER}, {tg}), or the cluster would refuse it (CROSSSLOT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStoresClusterIT {
  private UnifiedJedis redis;

  @BeforeAll
  void connect() {
    redis = RedisCluster.shared().client();
  }

  @AfterAll
  void close() {
    redis.close();
  }

  @Nested
  class Subscriptions extends SubscriptionStoreContract {
    @Override
    protected SubscriptionStore store() {
      return new RedisSubscriptionStore(redis);
    }
  }

  @Nested
  class Credits extends CreditStoreContract {
    @Override
    protected CreditStore store() {
      return new RedisCreditStore(redis);
    }
  }

  @Nested
  class Plans extends PlanStoreContract {
    @Override
    protected PlanStore store() {
      return new RedisPlanStore(redis, "free");
    }

    @Override
    protected void timeline(String userId, String field, String value) {
      redis.hset(Keys.timeline(userId), field, value);
    }
  }

  @Nested
  class Funnels extends FunnelContract {
    @Override
    protected Funnel funnel() {
      return new RedisFunnel(redis);
    }
  }

  @Nested
  class Processed extends ProcessedEventsContract {
    @Override
    protected ProcessedEvents events() {
      return new RedisProcessedEvents(redis);
    }
  }

  @Test
  void aProcessedEventIsRememberedWithATtlOnTheCluster() {
    RedisProcessedEvents events = new RedisProcessedEvents(redis);
    String id = TestRedis.uniqueUser("evt");
    assertThat(events.isProcessed(id)).isFalse();
    events.markProcessed(id);
    assertThat(events.isProcessed(id)).isTrue();
    assertThat(redis.ttl(Keys.processedEvent(id))).isBetween(RedisProcessedEvents.TTL_SECONDS - 5,
        RedisProcessedEvents.TTL_SECONDS);
  }
}
