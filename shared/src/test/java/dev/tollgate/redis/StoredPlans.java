package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.UsageModel.PlanState;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** Writes an account's plan fields as the Stripe side and operators do (persistent; none = default plan). */
final class StoredPlans {
  private StoredPlans() {}

  static void put(UnifiedJedis redis, AccountId account, PlanState s) {
    String key = Keys.account(account);
    redis.hdel(key, "plan", "until", "ps", "pe");
    if (s.plan() == null) {
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
}
