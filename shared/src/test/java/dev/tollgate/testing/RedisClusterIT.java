package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;

/** The cluster fixture really is a Redis Cluster, and its topology changes work under live clients. */
class RedisClusterIT {

  @Test
  void sharedClusterHasThreeMastersCoveringAllSlots() {
    RedisCluster cluster = RedisCluster.shared();
    assertThat(cluster.masters()).hasSize(3);
    try (Jedis j = cluster.masters().get(0).jedis()) {
      String info = j.clusterInfo();
      assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_size:3");
    }
    assertThat(cluster.url()).startsWith("redis-cluster://127.0.0.1:");
  }

  @Test
  void keysWithOneHashTagShareANodeAndOthersSpread() {
    RedisCluster cluster = RedisCluster.shared();
    String user = TestRedis.uniqueUser("tag");
    RedisProcess owner = cluster.nodeForKey("{u:" + user + "}:p");
    assertThat(cluster.nodeForKey("{u:" + user + "}:w:features")).isSameAs(owner);
    assertThat(cluster.nodeForKey("{u:" + user + "}:t")).isSameAs(owner);
    long distinctNodes = java.util.stream.IntStream.range(0, 30)
        .mapToObj(i -> cluster.nodeForKey("{u:spread-" + i + "}:p")).distinct().count();
    assertThat(distinctNodes).as("30 users over 3 masters").isEqualTo(3);
    try (UnifiedJedis c = cluster.client()) {
      c.hset("{u:" + user + "}:p", "plan", "paid");
      assertThat(c.hget("{u:" + user + "}:p", "plan")).isEqualTo("paid");
    }
    try (Jedis direct = owner.jedis()) {
      assertThat(direct.hget("{u:" + user + "}:p", "plan")).as("stored on the slot's owner").isEqualTo("paid");
    }
  }

  @Test
  void crossSlotMultiKeyCommandsAreRefused() {
    RedisCluster cluster = RedisCluster.shared();
    String a = "{u:" + TestRedis.uniqueUser("a") + "}:p";
    String b = "{u:" + TestRedis.uniqueUser("b") + "}:p";
    while (RedisCluster.slot(a) == RedisCluster.slot(b)) {
      b = "{u:" + TestRedis.uniqueUser("b") + "}:p";
    }
    String x = a;
    String y = b;
    try (UnifiedJedis c = cluster.client()) {
      assertThatThrownBy(() -> c.eval("return redis.call('exists', KEYS[1], KEYS[2])", 2, x, y))
          .as("the cluster client refuses to route it").isInstanceOf(JedisClusterOperationException.class);
    }
    try (Jedis node = cluster.nodeForKey(x).jedis()) {
      assertThatThrownBy(() -> node.eval("return redis.call('exists', KEYS[1], KEYS[2])", 2, x, y))
          .as("the server refuses it too").isInstanceOf(JedisDataException.class).hasMessageContaining("CROSSSLOT");
    }
  }

  @Test
  void slotMigrationMovesKeysWhileAClientKeepsCounting() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(3, 0); UnifiedJedis client = cluster.client()) {
      String tag = "{u:" + TestRedis.uniqueUser("mig") + "}";
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        keys.add(tag + ":k" + i);
        client.set(tag + ":k" + i, "0");
      }
      RedisProcess source = cluster.nodeForKey(tag);
      RedisProcess target = cluster.masters().stream().filter(m -> m != source).findFirst().orElseThrow();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<long[]>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int offset = w;
        workers.add(pool.submit(() -> {
          long[] incrByKey = new long[keys.size()];
          int i = offset;
          while (!stop.get()) {
            int k = i++ % keys.size();
            client.incr(keys.get(k));
            incrByKey[k]++;
          }
          return incrByKey;
        }));
      }
      Thread.sleep(100);
      cluster.migrateKeySlot(tag, target);
      Thread.sleep(100);
      stop.set(true);
      long[] expected = new long[keys.size()];
      for (Future<long[]> f : workers) {
        long[] counts = f.get();
        for (int k = 0; k < counts.length; k++) {
          expected[k] += counts[k];
        }
      }
      pool.shutdown();
      assertThat(cluster.nodeForKey(tag)).isSameAs(target);
      try (Jedis onTarget = target.jedis(); Jedis onSource = source.jedis()) {
        assertThat(onSource.clusterCountKeysInSlot(RedisCluster.slot(tag))).isZero();
        for (int k = 0; k < keys.size(); k++) {
          assertThat(Long.parseLong(onTarget.get(keys.get(k)))).as(keys.get(k)).isEqualTo(expected[k]);
        }
      }
      assertThat(java.util.Arrays.stream(expected).sum()).as("commands ran during the migration").isPositive();
    }
  }

  @Test
  void aMultiKeyScriptOnASplitSlotGetsTryAgainWhichJedisDoesNotRetry() {
    try (RedisCluster cluster = RedisCluster.start(3, 0); UnifiedJedis client = cluster.client()) {
      String tag = "{u:" + TestRedis.uniqueUser("split") + "}";
      client.set(tag + ":p", "1");
      client.set(tag + ":w", "1");
      RedisProcess source = cluster.nodeForKey(tag);
      RedisProcess target = cluster.masters().stream().filter(m -> m != source).findFirst().orElseThrow();
      RedisCluster.SlotMigration migration = cluster.beginMigration(RedisCluster.slot(tag), target);
      try (Jedis s = source.jedis()) {
        s.migrate("127.0.0.1", target.port(), 0, 5000, new redis.clients.jedis.params.MigrateParams(), tag + ":w");
      }
      String script = "return redis.call('get', KEYS[1]) .. redis.call('get', KEYS[2])";
      assertThat(client.get(tag + ":w")).as("a single-key command follows the ASK redirect").isEqualTo("1");
      assertThatThrownBy(() -> client.eval(script, 2, tag + ":p", tag + ":w"))
          .isInstanceOf(JedisDataException.class).hasMessageContaining("TRYAGAIN");
      migration.finish();
      assertThat(client.eval(script, 2, tag + ":p", tag + ":w")).isEqualTo("11");
    }
  }

  @Test
  void manualFailoverPromotesTheReplicaAndClientsFollow() {
    try (RedisCluster cluster = RedisCluster.start(3, 1); UnifiedJedis client = cluster.client()) {
      assertThat(cluster.replicas()).hasSize(3);
      String key = "{u:" + TestRedis.uniqueUser("fo") + "}:p";
      client.hset(key, "plan", "paid");
      RedisProcess oldMaster = cluster.nodeForKey(key);
      RedisProcess promoted = cluster.failover(oldMaster);
      assertThat(promoted).isNotSameAs(oldMaster);
      assertThat(cluster.nodeForKey(key)).isSameAs(promoted);
      try (Jedis j = oldMaster.jedis()) {
        assertThat(j.info("replication")).contains("role:slave");
      }
      assertThat(client.hget(key, "plan")).isEqualTo("paid");
      client.hset(key, "plan", "free");
      try (Jedis j = promoted.jedis()) {
        assertThat(j.hget(key, "plan")).isEqualTo("free");
      }
    }
  }
}
