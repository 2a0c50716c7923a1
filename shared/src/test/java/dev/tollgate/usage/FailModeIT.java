package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Caller;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * A real redis-server stopped mid-run: decisions follow {@code failMode} within a bounded
 * time, and the same client recovers by itself once Redis is back.
 */
class FailModeIT {
  static GatingConfig config(String failMode) {
    return ConfigLoader.parse(String.join("\n",
        "loops:",
        "  - name: features",
        "    steps:",
        "      - trigger: { endpoint: \"/api/features/*\", method: POST }",
        "        condition: { limit: { free: 5, paid: unlimited }, period: 30d }",
        "        action: { message: \"Upgrade to continue.\" }",
        "plans:",
        "  free: { default: true }",
        "  paid: {}",
        "identity: { type: apiKey }",
        "redis: { connectTimeout: 200ms, commandTimeout: 250ms }",
        "failMode: " + failMode,
        ""), "test");
  }

  @ParameterizedTest(name = "failMode {0}")
  @CsvSource({"open, FAIL_OPEN", "closed, FAIL_CLOSED"})
  void redisDownFollowsTheFailModeWithinABoundAndRecovers(String mode, GateDecision.Verdict whenDown)
      throws Exception {
    int port = TestRedis.freePort();
    RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
    server.start();
    GatingConfig cfg = config(mode);
    try (UnifiedJedis redis = RedisConnector.connect("redis://127.0.0.1:" + port, null, cfg.redis())) {
      UsageGate gate = new UsageGate(cfg, new RedisUsageStore(redis, new ArrayList<>(cfg.plans().keySet()), "free",
          Duration.ofDays(30)), PendingIndex.NONE);
      Caller caller = new Caller(TestRedis.uniqueUser("failmode"), null);
      Instant now = Instant.now();
      assertThat(gate.decide(caller, "POST", "/api/features/a", null, null, now).verdict())
          .isEqualTo(GateDecision.Verdict.ALLOWED);

      server.stop();
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        GateDecision d = gate.decide(caller, "POST", "/api/features/a", null, null, now);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(d.verdict()).isEqualTo(whenDown);
        assertThat(d.allowed()).isEqualTo(whenDown == GateDecision.Verdict.FAIL_OPEN);
        assertThat(ms).as("answered within the configured timeouts (+ slack), took %d ms", ms).isLessThan(1500);
      }
      assertThat(gate.decide(caller, "GET", "/health", null, null, now).verdict())
          .as("ungated routes never touch Redis").isEqualTo(GateDecision.Verdict.UNGATED);

      server.start();
      GateDecision back = null;
      for (int i = 0; i < 20 && (back == null || back.verdict() != GateDecision.Verdict.ALLOWED); i++) {
        back = gate.decide(caller, "POST", "/api/features/a", null, null, now);
        Thread.sleep(50);
      }
      assertThat(back.verdict()).as("the same client recovers once Redis is back").isEqualTo(GateDecision.Verdict.ALLOWED);
    } finally {
      server.stop();
    }
  }
}
