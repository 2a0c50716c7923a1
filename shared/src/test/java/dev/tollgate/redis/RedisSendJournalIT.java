package dev.tollgate.redis;

import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.SendJournal;
import dev.tollgate.email.SendJournalContract;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The journal contract against real Redis; each test gets its own named queue. */
class RedisSendJournalIT extends SendJournalContract {
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
    return new RedisEmailQueue(redis, TestRedis.uniqueUser("test-j"));
  }

  @Override
  protected SendJournal journalOf(EmailQueue queue) {
    return ((RedisEmailQueue) queue).journal();
  }
}
