package dev.tollgate.redis;

import dev.tollgate.testing.RedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pricing contract on a real Redis Cluster: an account's keys (hash, outbox, credits, members) share a slot. */
class RedisUsagePricingClusterIT extends RedisUsagePricingIT {
  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
    store = new RedisUsageStore(redis, PLANS, "free", Duration.ofDays(30));
  }

  @AfterAll
  static void close() {
    redis.close();
  }
}
