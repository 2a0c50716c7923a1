package dev.tollgate.admin;

import dev.tollgate.redis.Keys;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Manual plan grants (support, partners): writes the plan fields the authorizer reads into
 * {@code {u:ID}:p} with {@code src=manual}. A later Stripe event for the same user recomputes
 * the plan from Stripe and replaces the grant.
 */
public final class ManualPlans {
  private final UnifiedJedis redis;

  /** Grants written to {@code redis}. */
  public ManualPlans(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** Puts {@code userId} on {@code plan} from {@code now}, until {@code until} (null: no end). */
  public void grant(String userId, String plan, Instant until, Instant now) {
    String key = Keys.plan(userId);
    redis.hset(key, Map.of("plan", plan, "src", "manual", "set", Long.toString(now.toEpochMilli())));
    if (until == null) {
      redis.hdel(key, "until");
    } else {
      redis.hset(key, "until", Long.toString(until.toEpochMilli()));
    }
    // the account hash also holds usage windows, which expire it; a plan must not expire
    redis.persist(key);
  }

  /** The plan hash of {@code userId} as stored (empty when never written). */
  public Map<String, String> read(String userId) {
    return redis.hgetAll(Keys.plan(userId));
  }
}
