package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.UsageModel.PlanState;
import dev.tollgate.usage.UsagePricingContract;
import dev.tollgate.usage.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The pricing contract on a real Redis, with plans, entitlements and credits written as their writers do. */
class RedisUsagePricingIT extends UsagePricingContract {
  static UnifiedJedis redis;
  static RedisUsageStore store;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
    store = new RedisUsageStore(redis, PLANS, "free", Duration.ofDays(30));
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected UsageStore store() {
    return store;
  }

  @Override
  protected void putPlan(AccountId account, PlanState s) {
    StoredPlans.put(redis, account, s);
  }

  @Override
  protected void putEntitlements(AccountId account, List<String> features) {
    redis.hset(Keys.account(account), "ent", "," + String.join(",", features) + ",");
  }

  @Override
  protected void grant(AccountId account, String id, long amount, Instant expires) {
    new RedisCreditStore(redis).grant(account, id, amount, expires, T0);
  }

  @Override
  protected List<String> outbox(AccountId account) {
    return redis.lrange(Keys.accountOutbox(account), 0, -1);
  }

  @Override
  protected String unique(String prefix) {
    return TestRedis.uniqueUser(prefix);
  }
}
