package dev.tollgate.admin;

import dev.tollgate.identity.AccountId;
import dev.tollgate.redis.Keys;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Manual plan grants (support, partners): writes the plan fields the authorizer reads into the
 * account hash {@code {a:ID}} with {@code src=manual}, and makes it persistent. A later Stripe
 * event for the same account recomputes the plan from Stripe and replaces the grant.
 */
public final class ManualPlans {
  private final UnifiedJedis redis;

  /** Grants written to {@code redis}. */
  public ManualPlans(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** Puts {@code account} on {@code plan} from {@code now}, until {@code until} (null: no end). */
  public void grant(AccountId account, String plan, Instant until, Instant now) {
    String key = Keys.account(account);
    redis.hset(key, Map.of("plan", plan, "src", "manual", "set", Long.toString(now.toEpochMilli())));
    if (until == null) {
      redis.hdel(key, "until");
    } else {
      redis.hset(key, "until", Long.toString(until.toEpochMilli()));
    }
    // the account hash also holds usage windows, which expire it; a plan must not expire
    redis.persist(key);
  }

  /** The account hash of {@code account} as stored (empty when never written). */
  public Map<String, String> read(AccountId account) {
    return redis.hgetAll(Keys.account(account));
  }
}
