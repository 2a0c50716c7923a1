package dev.tollgate.redis;

import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.SendJournal;
import dev.tollgate.email.SendJournalContract;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The journal contract on a real Redis Cluster (the journal and its queue share the {tg} slot). */
class RedisSendJournalClusterIT extends SendJournalContract {
  private static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected EmailQueue newQueue() {
    return new RedisEmailQueue(redis, TestRedis.uniqueUser("cj"));
  }

  @Override
  protected SendJournal journalOf(EmailQueue queue) {
    return ((RedisEmailQueue) queue).journal();
  }
}
