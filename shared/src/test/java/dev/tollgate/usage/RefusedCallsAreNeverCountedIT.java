package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Caller;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * A call answered by the fail mode (Redis frozen with SIGSTOP past the command timeout) must
 * never be counted afterwards: its EVALSHA sits on the socket and runs when Redis resumes,
 * and the decision script then refuses to write past the call's deadline (Redis TIME). On the
 * code before the deadline every such call consumed quota once Redis came back.
 */
class RefusedCallsAreNeverCountedIT {

  static GatingConfig config(String failMode) throws Exception {
    String yaml = Files.readString(Path.of("..", "gating.yaml"))
        .replace("free: 100,", "free: 1000,")
        .replace("\nfailMode: open", "\nfailMode: " + failMode)
        + "\nredis: { connectTimeout: 200ms, commandTimeout: 200ms }\n";
    return ConfigLoader.parse(yaml, "gating.yaml (deadline)");
  }

  @ParameterizedTest(name = "failMode {0}")
  @CsvSource({"open, FAIL_OPEN", "closed, FAIL_CLOSED"})
  void callsAnsweredWhileRedisWasFrozenAreNotCountedWhenItResumes(String mode, GateDecision.Verdict whenFrozen)
      throws Exception {
    GatingConfig cfg = config(mode);
    try (RedisProcess server = RedisProcess.start();
        UnifiedJedis redis = RedisConnector.connect(server.url(), null, cfg.redis());
        UnifiedJedis observer = server.client(Duration.ofSeconds(5))) {
      RedisUsageStore store = RedisUsageStore.forConfig(redis, cfg);
      UsageGate gate = new UsageGate(cfg, store, PendingIndex.NONE);
      Caller caller = new Caller(TestRedis.uniqueUser("frozen"), null);
      Instant now = Instant.now().plus(Duration.ofDays(1));
      assertThat(gate.decide(caller, "POST", "/api/features/a", null, null, now).verdict())
          .isEqualTo(GateDecision.Verdict.ALLOWED);

      server.pause();
      int answered = 0;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<GateDecision>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          calls.add(pool.submit(() -> gate.decide(caller, "POST", "/api/features/a", null, null, now)));
        }
        for (Future<GateDecision> f : calls) {
          assertThat(f.get().verdict()).isEqualTo(whenFrozen);
          answered++;
        }
      } finally {
        pool.shutdown();
        server.resume();
      }
      Thread.sleep(300);
      assertThat(answered).isEqualTo(8);
      assertThat(observer.hget(Keys.account(caller.account()), "features:n"))
          .as("only the call allowed before the freeze is counted; the 8 that ran late after it wrote nothing")
          .isEqualTo("1");
      assertThat(gate.decide(caller, "POST", "/api/features/a", null, null, now).verdict())
          .as("the same client decides again once Redis is back").isEqualTo(GateDecision.Verdict.ALLOWED);
      assertThat(observer.hget(Keys.account(caller.account()), "features:n")).isEqualTo("2");
    }
  }
}
