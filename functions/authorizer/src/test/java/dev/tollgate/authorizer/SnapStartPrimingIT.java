package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.redis.Keys;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The SnapStart hook, run as the CRaC runtime would before a snapshot: it loads the decision
 * script, writes nothing for its synthetic user, and leaves a handler that still decides after
 * its pooled connections were dropped (as they are dead after a restore).
 */
class SnapStartPrimingIT {
  @Test
  void primingLoadsTheScriptWritesNothingAndTheHandlerWorksAfterTheCheckpoint() {
    Map<String, String> env = Map.of("REDIS_URL", TestRedis.url(), "JWT_SECRET", UsageAuthorizerHandlerIT.SAMPLE_SECRET);
    LiveWiring live = AuthorizerWiring.fromEnvironment(env);
    AuthorizerWiring wiring = live.built().orElseThrow();
    UsageAuthorizerHandler handler = new UsageAuthorizerHandler(wiring.authenticator(), wiring.gate(), Clock.systemUTC());
    try (UnifiedJedis redis = TestRedis.client()) {
      redis.scriptFlush(Keys.plan("__tollgate_prime__"));
      SnapStartPriming priming = new SnapStartPriming(live, handler);
      priming.beforeCheckpoint(null);
      java.util.List<dev.tollgate.usage.Gate> gates = UsageGate.compile(wiring.config());
      assertThat(redis.scriptExists(wiring.store().script(java.util.List.of(gates.get(0))).script().sha(),
          Keys.plan("__tollgate_prime__"))).as("the decision script is loaded").isTrue();
      assertThat(redis.keys("{a:__tollgate_prime__}*")).as("priming only reads").isEmpty();
      priming.afterRestore(null);
      redis.hdel(Keys.plan("user_free_1"), "features:s", "features:n", "features:f");
      var policy = handler.handleRequest(AuthorizerRig.sample("allowed.json"), null);
      assertThat(policy.getContext()).containsEntry("userId", "user_free_1").containsKey("used");
    } finally {
      wiring.redis().close();
    }
  }
}
