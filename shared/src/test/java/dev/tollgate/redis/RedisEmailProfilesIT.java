package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.email.EmailProfilesContract;
import dev.tollgate.email.EmailStores;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The profiles contract against real Redis, and what only Redis has: the timeline's expiry. */
class RedisEmailProfilesIT extends EmailProfilesContract {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.server();
  }

  @Test
  void aTimelineCreatedByAPromptExpiresAfterTheAttributionWindowAndAnExistingExpiryIsKept() {
    UnifiedJedis redis = RedisEmailStores.server().redis();
    String fresh = TestRedis.uniqueUser("ttl");
    new RedisEmailProfiles(redis, RedisEmailStores.TIMELINE_TTL).promptSent(fresh, "features", 0);
    assertThat(redis.pttl(Keys.timeline(fresh))).isBetween(RedisEmailStores.TIMELINE_TTL.toMillis() - 60_000,
        RedisEmailStores.TIMELINE_TTL.toMillis());
    String hit = TestRedis.uniqueUser("ttl");
    redis.hset(Keys.timeline(hit), "h:features", "1");
    redis.pexpire(Keys.timeline(hit), 5_000);
    new RedisEmailProfiles(redis, RedisEmailStores.TIMELINE_TTL).promptSent(hit, "features", 0);
    assertThat(redis.pttl(Keys.timeline(hit))).isBetween(1L, 5_000L);
  }
}
