package dev.tollgate.email;

import dev.tollgate.redis.RedisEmailStores;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The dispatcher scenarios on real Redis. */
class UpgradeEmailDispatcherIT extends DispatcherScenarios {
  static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected EmailStores stores() {
    return new RedisEmailStores(redis);
  }
}
