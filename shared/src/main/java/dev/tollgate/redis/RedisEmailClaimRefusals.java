package dev.tollgate.redis;

import dev.tollgate.identity.EmailClaimRefusals;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counts refused email claims as {@value #FIELD} in the day's funnel hash
 * {@code {tg}:f:YYYY-MM-DD} ({@code email_claim_refused.lua}), where {@code tollgate report}
 * reads them.
 */
public final class RedisEmailClaimRefusals implements EmailClaimRefusals {
  /** The funnel hash field holding the day's count. */
  public static final String FIELD = "emailClaimsRefused";
  private static final LuaScript COUNT = LuaScript.load("email_claim_refused.lua");
  private final UnifiedJedis redis;

  /** Counts through {@code redis}. */
  public RedisEmailClaimRefusals(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public void refused(Instant at) {
    String day = at.atZone(ZoneOffset.UTC).toLocalDate().toString();
    COUNT.run(redis, List.of(Keys.funnelDay(day)), List.of(Long.toString(RedisLimitEvents.funnelTtlSeconds())));
  }
}
