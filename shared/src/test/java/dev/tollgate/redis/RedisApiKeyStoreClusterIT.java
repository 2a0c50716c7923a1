package dev.tollgate.redis;

import dev.tollgate.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The API key store contract and key-layout check on a real Redis Cluster, where the key
 * record and the user's set live in different slots. The static {@code connect}/{@code close}
 * hide the parent's (JUnit runs the subclass's only), pointing the shared fields at the cluster.
 */
class RedisApiKeyStoreClusterIT extends RedisApiKeyStoreIT {

  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
    store = new RedisApiKeyStore(redis);
  }

  @AfterAll
  static void close() {
    redis.close();
  }
}
