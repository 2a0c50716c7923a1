package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.UsageModel.PlanState;
import dev.tollgate.usage.UsagePricingContract;
import dev.tollgate.usage.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    String key = Keys.account(account);
    if (s.plan() == null) {
      redis.hdel(key, "plan", "until", "ps", "pe");
      return;
    }
    Map<String, String> h = new HashMap<>();
    h.put("plan", s.plan());
    if (s.until() > 0) {
      h.put("until", Long.toString(s.until()));
    }
    if (s.periodEnd() > 0) {
      h.put("ps", Long.toString(s.periodStart()));
      h.put("pe", Long.toString(s.periodEnd()));
    }
    redis.hset(key, h);
    redis.persist(key);
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
