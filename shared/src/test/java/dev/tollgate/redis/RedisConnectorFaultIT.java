package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How long a client built by {@link RedisConnector} takes to give up on a frozen Redis: the
 * bound the authorizer's fail mode relies on. Single Redis: one command timeout. Cluster:
 * the connector allows 3 attempts within 3 command timeouts, so up to 3x.
 */
class RedisConnectorFaultIT {
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private static long msToFail(UnifiedJedis client, String key) {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> client.get(key)).isInstanceOf(JedisException.class);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void singleRedisFrozenFailsWithinAboutOneCommandTimeout() {
    try (RedisProcess redis = RedisProcess.start();
        UnifiedJedis client = RedisConnector.connect(redis.url(), null, TIMEOUT, TIMEOUT)) {
      client.set("k", "v");
      redis.pause();
      long ms = msToFail(client, "k");
      redis.resume();
      assertThat(ms).isBetween(TIMEOUT.toMillis() - 20, TIMEOUT.toMillis() * 3);
      assertThat(client.get("k")).isEqualTo("v");
    }
  }

  @Test
  void clusterWithAFrozenMasterFailsWithinThreeCommandTimeoutsAndRecovers() {
    try (RedisCluster cluster = RedisCluster.start(3, 0);
        UnifiedJedis client = RedisConnector.connect(cluster.url(), null, TIMEOUT, TIMEOUT)) {
      String key = "{u:" + TestRedis.uniqueUser("frozen") + "}:p";
      client.set(key, "v");
      RedisProcess owner = cluster.nodeForKey(key);
      owner.pause();
      long ms = msToFail(client, key);
      owner.resume();
      System.out.println("cluster client gave up on a frozen master after " + ms + " ms");
      assertThat(ms).isBetween(TIMEOUT.toMillis() - 20, TIMEOUT.toMillis() * 3 + 400);
      assertThat(client.get(key)).isEqualTo("v");
    }
  }
}
