package dev.tollgate.redis;

import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.time.ZoneOffset;
import redis.clients.jedis.UnifiedJedis;

/**
 * Records limit crossings in the funnel: one {@code HINCRBY} on the day's funnel hash per
 * crossing (the decision script has already written the user's timeline).
 */
public final class RedisLimitEvents implements LimitEvents {
  private static final long FUNNEL_TTL_SECONDS = 400L * 24 * 3600;
  private final UnifiedJedis redis;

  /** Events recorded through {@code redis}. */
  public RedisLimitEvents(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public void limitReached(LimitReached e) {
    String day = e.at().atZone(ZoneOffset.UTC).toLocalDate().toString();
    redis.hincrBy(Keys.funnelDay(day), Keys.funnelField(e.loop(), "limitReached"), 1);
  }

  @Override
  public void warningReached(LimitReached e) {
    // warnings become emails once the dispatcher schedules them; nothing to count yet
  }

  /** How long a day's funnel counters are kept, in seconds. */
  public static long funnelTtlSeconds() {
    return FUNNEL_TTL_SECONDS;
  }
}
