package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The usage contract and the Redis-only checks of {@link RedisUsageStoreIT}, on a real Redis
 * Cluster. The static {@code connect}/{@code close} below hide the parent's (JUnit runs the
 * subclass's only), pointing the shared fields at the cluster for this class's tests.
 */
class RedisUsageStoreClusterIT extends RedisUsageStoreIT {

  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
    store = new RedisUsageStore(redis, PLANS, "free", Duration.ofDays(30));
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  /**
   * As on single Redis, but checks the cache on the slot's owner directly: jedis 8's cluster
   * {@code scriptExists(sha, sampleKey)} answers false even when that node has the script.
   */
  @Override
  @Test
  void recoversFromAFlushedScriptCache() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 5));
    String key = Keys.account(account(u));
    redis.scriptFlush(key);
    assertThat(store.consume(u, g, T0).allowed()).isTrue();
    try (Jedis owner = RedisCluster.shared().nodeForKey(key).jedis()) {
      assertThat(owner.scriptExists(store.script(g).script().sha())).isTrue();
    }
  }

  /**
   * A user's slot moves to another master while 4 threads consume: the store never allows
   * more than the limit, Redis holds exactly the allowed count afterwards, and every call
   * that did not get a decision failed as "unavailable" (the authorizer's fail mode), not
   * with another error.
   */
  @Test
  void staysExactWhileTheUsersSlotMigrates() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(3, 0); UnifiedJedis client = cluster.client()) {
      RedisUsageStore migrating = new RedisUsageStore(client, PLANS, "free", Duration.ofDays(30));
      String u = newUser();
      int limit = 300;
      List<Gate> gates = List.of(days("features", limit), days("reports", limit * 10));
      AtomicInteger allowed = new AtomicInteger();
      AtomicInteger unavailable = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        calls.add(pool.submit(() -> {
          for (int i = 0; i < 150; i++) {
            try {
              if (migrating.consume(u, gates, T0).allowed()) {
                allowed.incrementAndGet();
              }
            } catch (UsageStoreUnavailableException e) {
              unavailable.incrementAndGet();
            }
          }
          return null;
        }));
      }
      String key = Keys.account(account(u));
      RedisProcess target = cluster.masters().stream().filter(m -> m != cluster.nodeForKey(key))
          .findFirst().orElseThrow();
      cluster.migrateKeySlot(key, target);
      for (Future<?> f : calls) {
        f.get();
      }
      pool.shutdown();
      assertThat(cluster.nodeForKey(key)).isSameAs(target);
      assertThat(allowed.get()).as("allowed (unavailable: %d)", unavailable.get()).isLessThanOrEqualTo(limit);
      assertThat(allowed.get() + unavailable.get()).as("600 calls, each allowed, denied or unavailable")
          .isLessThanOrEqualTo(600);
      assertThat(client.hget(key, "features:n")).isEqualTo(Integer.toString(allowed.get()));
      assertThat(client.hget(key, "reports:n")).as("both gates counted in all or none")
          .isEqualTo(Integer.toString(allowed.get()));
      if (unavailable.get() == 0) {
        assertThat(allowed.get()).isEqualTo(limit);
      }
    }
  }
}
