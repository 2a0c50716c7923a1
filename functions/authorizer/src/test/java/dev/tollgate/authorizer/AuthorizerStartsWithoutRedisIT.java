package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's constructor (the one SnapStart runs while CloudFormation publishes the version)
 * builds with the cache unreachable, single node or cluster: the first calls follow the fail
 * mode (the bundled gating.yaml says open), and once Redis answers calls are counted.
 */
class AuthorizerStartsWithoutRedisIT {
  private static IamPolicyResponseV1 call(UsageAuthorizerHandler h, String user) {
    return h.handleRequest(AuthorizerRig.event(AuthorizerRig.token(user)), null);
  }

  @Test
  void withASingleRedisDownTheHandlerIsBuiltAndCountsOnceRedisIsBack() {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      UsageAuthorizerHandler h = new UsageAuthorizerHandler(AuthorizerWiring.fromEnvironment(Map.of(
          "REDIS_URL", redis.url(), "JWT_SECRET", AuthorizerRig.SECRET)));
      String user = TestRedis.uniqueUser("late-single");
      assertThat(AuthorizerRig.failedOpen(call(h, user))).isTrue();
      redis.restart();
      assertThat(call(h, user).getContext()).containsEntry("used", 1L).containsEntry("failOpen", false);
    }
  }

  @Test
  void withEveryClusterNodeDownTheHandlerIsBuiltAndFindsTheSlotsOnceTheyAnswer() {
    try (RedisCluster cluster = RedisCluster.start(3, 0)) {
      String url = cluster.url();
      cluster.kill();
      UsageAuthorizerHandler h = new UsageAuthorizerHandler(AuthorizerWiring.fromEnvironment(Map.of(
          "REDIS_URL", url, "JWT_SECRET", AuthorizerRig.SECRET)));
      String user = TestRedis.uniqueUser("late-cluster");
      assertThat(AuthorizerRig.failedOpen(call(h, user))).isTrue();
      cluster.nodes().forEach(RedisProcess::restart);
      cluster.awaitOk();
      assertThat(call(h, user).getContext()).containsEntry("used", 1L).containsEntry("failOpen", false);
    }
  }
}
