package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.activity.LimitActivity;
import dev.tollgate.activity.LimitActivityContract;
import dev.tollgate.activity.Share;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The limit activity contract on single Redis and on a real Redis Cluster; a day's shares expire. */
class RedisLimitActivityIT {
  private static final UnifiedJedis SINGLE = TestRedis.client();
  private static final UnifiedJedis CLUSTER = RedisCluster.shared().client();

  @AfterAll
  static void close() {
    SINGLE.close();
    CLUSTER.close();
  }

  @Test
  void aDaysSharesExpireAfterFortyDays() {
    String name = TestRedis.uniqueUser("ttl");
    Instant t = Instant.parse("2025-05-01T08:00:00Z");
    new RedisLimitActivity(SINGLE, name, 10, 10).reached(new Share("ada", "ada", "features", "features.0", "free",
        800, 80, 100, t, t, t.plusSeconds(86400)));
    String key = LimitActivityCodec.sharesKey(name, LocalDate.parse("2025-05-01"));
    assertThat(SINGLE.ttl(key)).isBetween(40L * 86400 - 60, 40L * 86400);
    assertThat(SINGLE.ttl(key + ":d")).isBetween(40L * 86400 - 60, 40L * 86400);
  }

  @Nested
  class SingleRedis extends LimitActivityContract {
    @Override
    protected LimitActivity activity(String name, int blocks, int shares) {
      return new RedisLimitActivity(SINGLE, name, blocks, shares);
    }
  }

  @Nested
  class OnCluster extends LimitActivityContract {
    @Override
    protected LimitActivity activity(String name, int blocks, int shares) {
      return new RedisLimitActivity(CLUSTER, name, blocks, shares);
    }
  }
}
