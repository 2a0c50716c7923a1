package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.FunnelContract;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.credits.CreditStoreContract;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import dev.tollgate.plan.PlanStoreContract;
import dev.tollgate.plan.ProcessedEvents;
import dev.tollgate.plan.ProcessedEventsContract;
import dev.tollgate.plan.SubscriptionStore;
import dev.tollgate.plan.SubscriptionStoreContract;
import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The Redis adapters pass the same contracts as the fakes, on a real redis-server. */
class RedisStoresIT {
  private static final UnifiedJedis REDIS = TestRedis.client();

  @Nested
  class Subscriptions extends SubscriptionStoreContract {
    @Override
    protected SubscriptionStore store() {
      return new RedisSubscriptionStore(REDIS);
    }
  }

  @Nested
  class Credits extends CreditStoreContract {
    @Override
    protected CreditStore store() {
      return new RedisCreditStore(REDIS);
    }
  }

  @Nested
  class Plans extends PlanStoreContract {
    @Override
    protected PlanStore store() {
      return new RedisPlanStore(REDIS, "free");
    }

    @Override
    protected void timeline(String userId, String field, String value) {
      REDIS.hset(Keys.timeline(userId), field, value);
    }

    @Test
    void writesTheContractFieldsTheAuthorizerReads() {
      String user = TestRedis.uniqueUser("plan");
      new RedisPlanStore(REDIS, "free").write(user, "cus_x", List.of(new PlanEntry("paid", 99L, 1L, 2L, "past_due", "sub_1")),
          java.util.Set.of(), Optional.empty(), Instant.EPOCH);
      assertThat(REDIS.hgetAll(Keys.plan(user))).containsEntry("plan", "paid").containsEntry("until", "99")
          .containsEntry("ps", "1").containsEntry("pe", "2");
    }

    @Test
    void keepsEntAsTheDecisionSearchesItAndTheAccountPersistent() {
      String user = TestRedis.uniqueUser("ent");
      String key = Keys.plan(user);
      REDIS.hset(key, "features:s", "1");
      REDIS.pexpire(key, 60_000);
      RedisPlanStore plans = new RedisPlanStore(REDIS, "free");
      plans.write(user, "cus_b", List.of(), java.util.Set.of("export", "api:v2"), Optional.empty(), Instant.EPOCH);
      plans.write(user, "cus_a", List.of(), java.util.Set.of("export"), Optional.empty(), Instant.EPOCH);
      assertThat(REDIS.hget(key, "ent")).isEqualTo(",api:v2,export,");
      assertThat(REDIS.pttl(key)).as("entitlements are plan state: they never expire with a window").isEqualTo(-1);
      plans.forget(user, "cus_b", Instant.EPOCH);
      plans.write(user, "cus_a", List.of(), java.util.Set.of(), Optional.empty(), Instant.EPOCH);
      assertThat(REDIS.hexists(key, "ent")).as("none left: no field, so no feature matches").isFalse();
    }

    @Test
    void theWindowOfAGateNamedCIsNoCustomersPlan() {
      String user = TestRedis.uniqueUser("gate-c");
      long start = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
      REDIS.hset(Keys.plan(user), java.util.Map.of("c:s", Long.toString(start), "c:n", "3", "c:f", "1"));
      new RedisPlanStore(REDIS, "free").write(user, "cus_x", List.of(new PlanEntry("paid", start - 1, 1L, 2L, "active",
          "sub_1")), java.util.Set.of(), Optional.empty(), Instant.EPOCH);
      assertThat(REDIS.hgetAll(Keys.plan(user))).containsEntry("plan", "paid").containsEntry("sub", "sub_1")
          .containsEntry("cust", "cus_x").containsEntry("c:n", "3");
    }
  }

  @Nested
  class Funnels extends FunnelContract {
    @Override
    protected Funnel funnel() {
      return new RedisFunnel(REDIS);
    }
  }

  @Nested
  class Processed extends ProcessedEventsContract {
    @Override
    protected ProcessedEvents events() {
      return new RedisProcessedEvents(REDIS);
    }
  }

  @Test
  void aProcessedEventIsRememberedWithATtl() {
    RedisProcessedEvents events = new RedisProcessedEvents(REDIS);
    String id = TestRedis.uniqueUser("evt");
    assertThat(events.isProcessed(id)).isFalse();
    events.markProcessed(id);
    assertThat(events.isProcessed(id)).isTrue();
    assertThat(REDIS.ttl(Keys.processedEvent(id))).isBetween(RedisProcessedEvents.TTL_SECONDS - 5, RedisProcessedEvents.TTL_SECONDS);
  }
}
