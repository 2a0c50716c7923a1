package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.authorizer.AuthorizerFaultIT.Call;
import dev.tollgate.authorizer.AuthorizerFaultIT.Load;
import dev.tollgate.authorizer.AuthorizerFaultIT.Outcome;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * A replica takes over a master (CLUSTER FAILOVER) of a real 3-master/3-replica Redis Cluster
 * while the authorizer handler is under load: no user is ever allowed past the limit, calls
 * that cannot be decided follow {@code failMode} within the bound, and the same client decides
 * again for the moved users once the cluster agrees on the new master.
 */
class AuthorizerClusterFailoverIT {
  /** High enough that users cross it around the failover, not before. */
  static final int LIMIT = 150;

  @ParameterizedTest(name = "failMode {0}")
  @ValueSource(strings = {"closed", "open"})
  void decisionsStayExactThroughAReplicaFailover(String mode) throws Exception {
    GatingConfig config = AuthorizerRig.config(LIMIT, mode, "200ms", "250ms");
    try (RedisCluster cluster = RedisCluster.start(3, 1);
        UnifiedJedis redis = RedisConnector.connect(cluster.url(), null, config.redis())) {
      UsageAuthorizerHandler handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
      try (Load load = new Load(handler)) {
        Thread.sleep(500);
        RedisProcess master = cluster.nodeForKey(Keys.plan(load.users[0]));
        long t0 = System.nanoTime();
        load.phase = "failover";
        RedisProcess promoted = cluster.failover(master);
        long failoverMs = (System.nanoTime() - t0) / 1_000_000;
        long recovery = load.awaitCounted("after", 5000);
        Thread.sleep(500);
        load.close();
        AuthorizerFaultIT.report(mode + " (cluster failover " + failoverMs + " ms)", load, recovery, recovery);

        assertThat(cluster.nodeForKey(Keys.plan(load.users[0]))).isSameAs(promoted);
        AuthorizerFaultIT.assertAnsweredWithinTheBound(load);
        Outcome other = mode.equals("open") ? Outcome.FAIL_CLOSED : Outcome.FAIL_OPEN;
        assertThat(load.calls).extracting(Call::outcome).doesNotContain(other);
        List<Call> moved = load.in("after").stream().filter(c -> c.user() == 0).toList();
        assertThat(moved).as("the first user (on the promoted master) is decided again after the failover")
            .anyMatch(c -> c.outcome() == Outcome.ALLOWED || c.outcome() == Outcome.DENIED);
        AuthorizerFaultIT.assertExact(load, redis, LIMIT);
      }
    }
  }
}
