package dev.tollgate.redis;

import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.EmailQueueContract;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The queue contract against real Redis; each test gets its own named queue. */
class RedisEmailQueueIT extends EmailQueueContract {
  private static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected EmailQueue newQueue() {
    return new RedisEmailQueue(redis, TestRedis.uniqueUser("test-q"));
  }
}
