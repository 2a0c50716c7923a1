package dev.tollgate.redis;

import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import redis.clients.jedis.UnifiedJedis;

/** The crossing funnel contract on single Redis and on a real Redis Cluster. */
class CrossingFunnelIT {
  private static final UnifiedJedis SINGLE = TestRedis.client();
  private static final UnifiedJedis CLUSTER = RedisCluster.shared().client();

  @AfterAll
  static void close() {
    SINGLE.close();
    CLUSTER.close();
  }

  @Nested
  class SingleRedis extends CrossingFunnelContract {
    @Override
    protected UnifiedJedis redis() {
      return SINGLE;
    }
  }

  @Nested
  class OnCluster extends CrossingFunnelContract {
    @Override
    protected UnifiedJedis redis() {
      return CLUSTER;
    }
  }
}
