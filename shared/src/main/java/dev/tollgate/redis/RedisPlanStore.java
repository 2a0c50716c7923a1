package dev.tollgate.redis;

import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/** Users' plan state in {@code {u:ID}:p}, written by {@code stripe_user_plan.lua}. */
public final class RedisPlanStore implements PlanStore {
  private static final LuaScript WRITE = LuaScript.load("stripe_user_plan.lua");
  private final UnifiedJedis redis;

  /** A store over {@code redis}. */
  public RedisPlanStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public PlanWrite write(String userId, String customerId, PlanEntry e, String defaultPlan, Instant now) {
    String encoded = e.rank(defaultPlan) + "|" + e.plan() + "|" + blank(e.until()) + "|" + blank(e.periodStart()) + "|"
        + blank(e.periodEnd()) + "|" + blank(e.status()) + "|" + blank(e.subscriptionId());
    List<?> r = (List<?>) WRITE.run(redis, List.of(Keys.plan(userId), Keys.emailProfile(userId), Keys.timeline(userId)),
        List.of(customerId, encoded, defaultPlan, Long.toString(now.toEpochMilli())));
    String cvp = RedisSubscriptionStore.text(r.get(2));
    List<?> flat = (List<?>) r.get(3);
    Map<String, String> timeline = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      timeline.put(RedisSubscriptionStore.text(flat.get(i)), RedisSubscriptionStore.text(flat.get(i + 1)));
    }
    return new PlanWrite(((Long) r.get(0)) == 1, ((Long) r.get(1)) == 1,
        cvp.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(cvp)), timeline);
  }

  @Override
  public void conversionRecorded(String userId) {
    redis.hdel(Keys.plan(userId), "cvp");
  }

  @Override
  public void rememberEmail(String userId, String email) {
    redis.hsetnx(Keys.emailProfile(userId), "email", email);
  }

  @Override
  public Optional<PlanEntry> read(String userId) {
    Map<String, String> h = redis.hgetAll(Keys.plan(userId));
    if (!h.containsKey("plan")) {
      return Optional.empty();
    }
    return Optional.of(new PlanEntry(h.get("plan"), num(h.get("until")), num(h.get("ps")), num(h.get("pe")), h.get("status"),
        h.get("sub")));
  }

  private static Long num(String s) {
    return s == null ? null : Long.valueOf(s);
  }

  private static String blank(Object o) {
    return o == null ? "" : o.toString();
  }
}
