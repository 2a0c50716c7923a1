package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.LimitReached;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A crossing's follow-up ({@link CrossingFollowUps} over the Redis queue and funnel) counts each
 * crossing once in the funnel of its UTC day, on every Redis topology the product supports (the
 * subclasses pick single Redis or Redis Cluster).
 */
abstract class CrossingFunnelContract {
  /** The Redis to run against; owned by the subclass. */
  protected abstract UnifiedJedis redis();

  private static LimitReached crossing(String loop, Instant at) {
    String user = TestRedis.uniqueUser("funnel");
    return new LimitReached(user, user + "@example.com", loop, loop + ".0", "free", 3, 3, at, at.plusSeconds(3600), at);
  }

  @Test
  void eachCrossingCountsOnceInItsUtcDay() {
    String loop = TestRedis.uniqueUser("loop");
    CrossingFollowUps events = new CrossingFollowUps(new RedisEmailQueue(redis()), new RedisFunnel(redis()), null);
    events.limitReached(crossing(loop, Instant.parse("2025-03-01T23:59:59Z")));
    events.limitReached(crossing(loop, Instant.parse("2025-03-01T00:00:00Z")));
    events.limitReached(crossing(loop, Instant.parse("2025-03-02T00:00:00Z")));
    assertThat(redis().hget(Keys.funnelDay("2025-03-01"), Keys.funnelField(loop, "limitReached"))).isEqualTo("2");
    assertThat(redis().hget(Keys.funnelDay("2025-03-02"), Keys.funnelField(loop, "limitReached"))).isEqualTo("1");
  }
}
