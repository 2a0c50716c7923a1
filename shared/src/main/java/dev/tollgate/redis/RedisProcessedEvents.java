package dev.tollgate.redis;

import dev.tollgate.plan.ProcessedEvents;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** Processed Stripe event ids as {@code {e:EVENT_ID}} keys that expire after 4 days (Stripe retries for 3). */
public final class RedisProcessedEvents implements ProcessedEvents {
  static final long TTL_SECONDS = 4L * 24 * 3600;
  private final UnifiedJedis redis;

  /** Markers in {@code redis}. */
  public RedisProcessedEvents(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public boolean isProcessed(String eventId) {
    return redis.exists(Keys.processedEvent(eventId));
  }

  @Override
  public void markProcessed(String eventId) {
    redis.set(Keys.processedEvent(eventId), "1", SetParams.setParams().nx().ex(TTL_SECONDS));
  }
}
