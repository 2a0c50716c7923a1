package dev.tollgate.redis;

import dev.tollgate.email.EmailProfilesContract;
import dev.tollgate.email.EmailStores;
import dev.tollgate.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** The profiles contract on a real Redis Cluster (a user's keys share the {u:ID} slot). */
class RedisEmailProfilesClusterIT extends EmailProfilesContract {
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
  protected EmailStores stores() {
    return new RedisEmailStores(redis);
  }
}
