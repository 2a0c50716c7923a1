package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.EmailConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.MutableClock;
import dev.tollgate.email.ResendLikeProvider;
import dev.tollgate.email.Sequences;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatch handler while its real redis-server (fsync-always AOF) is SIGKILLed and
 * restarted, or frozen with SIGSTOP, right after the provider accepted a batch — the worst
 * moment: the run fails before it can mark the batch sent. Later runs resume from the send
 * journal: every step of every user reaches the provider (nothing lost), a batch in flight at a
 * fault is replayed only as itself, under the key it was first sent with, so a provider that
 * de-duplicates like Resend delivers every step exactly once and no email ever goes out under a
 * second key. The same sequence also runs on a real Redis Cluster.
 */
class UpgradeEmailDispatchFaultIT {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final int USERS = 30;
  static final int BATCH = 5;
  static final GatingConfig CONFIG = withDispatch(ConfigLoader.fromEnvironment(Map.of()));

  static GatingConfig withDispatch(GatingConfig c) {
    EmailConfig e = c.email().orElseThrow();
    return c.withEmail(Optional.of(new EmailConfig(e.from(), e.upgradeUrl(), e.unsubscribeBaseUrl(),
        e.replyTo(), e.templates(), new EmailConfig.Dispatch(1000, 5, Duration.ofMinutes(1), Duration.ofMinutes(5),
        BATCH))));
  }

  record Rig(UpgradeEmailDispatchHandler handler, MutableClock clock, RedisEmailQueue queue, ResendLikeProvider provider) {
    /** One scheduled run; returns the exception it failed with, or null. */
    RuntimeException run() {
      try {
        handler.handleRequest(null, null);
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }
  }

  static Rig rig(UnifiedJedis redis) {
    MutableClock clock = new MutableClock(T0);
    RedisEmailQueue queue = new RedisEmailQueue(redis, "fault-" + System.nanoTime());
    ResendLikeProvider provider = new ResendLikeProvider(clock);
    UpgradeEmailDispatcher dispatcher = new UpgradeEmailDispatcher(CONFIG, queue, queue.journal(),
        new RedisEmailProfiles(redis, Duration.ofDays(30)), new RedisFunnel(redis), provider,
        new UnsubscribeLinks(CONFIG.email().orElseThrow().unsubscribeBaseUrl(), "test-unsubscribe-secret"), clock,
        clock.sleeper());
    String prefix = "dfault-" + Long.toHexString(System.nanoTime());
    for (int i = 0; i < USERS; i++) {
      String user = prefix + "-" + i;
      queue.schedule(Sequences.jobsFor(new LimitReached(user, user + "@example.com", "features", "features", "free",
          100, 100, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(29)), T0),
          CONFIG.email().orElseThrow().templates().get("upgrade_prompt")), T0);
    }
    return new Rig(new UpgradeEmailDispatchHandler(dispatcher, clock, line -> { }), clock, queue, provider);
  }

  @Test
  void killedAndPausedRedisMidRunLosesNoStepAndDeliversEachOnceUnderOneKey() {
    try (RedisProcess server = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
        UnifiedJedis redis = RedisConnector.connect(server.url(), null, Duration.ofMillis(200), Duration.ofMillis(250))) {
      Rig rig = rig(redis);
      Set<String> inFlight = new HashSet<>();
      rig.provider.afterNextAccept(b -> {
        b.forEach(m -> inFlight.add(m.idempotencyKey()));
        server.kill();
      });
      long t0 = System.nanoTime();
      RuntimeException killed = rig.run();
      long killedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(killed).as("the run fails when Redis dies under it").isNotNull();
      server.restart();
      assertThat(rig.run()).as("the next run sends the rest").isNull();
      rig.clock.advance(Duration.ofMinutes(6));
      assertThat(rig.run()).as("after the grace, the batch in flight is replayed").isNull();

      rig.clock.advance(Duration.ofDays(3));
      rig.provider.afterNextAccept(b -> {
        b.forEach(m -> inFlight.add(m.idempotencyKey()));
        server.pause();
      });
      t0 = System.nanoTime();
      RuntimeException paused = rig.run();
      long pausedMs = (System.nanoTime() - t0) / 1_000_000;
      server.resume();
      assertThat(paused).as("the run fails when Redis freezes under it").isNotNull();
      rig.clock.advance(Duration.ofMinutes(6));
      assertThat(rig.run()).isNull();
      rig.clock.advance(Duration.ofDays(4));
      assertThat(rig.run()).isNull();
      rig.clock.advance(Duration.ofMinutes(6));
      assertThat(rig.run()).isNull();

      ResendLikeProvider p = rig.provider;
      long replays = p.calls().size() - p.calls().stream().distinct().count();
      System.out.printf("dispatch faults: killed run failed after %d ms (%s), paused run failed after %d ms (%s); "
          + "%d steps delivered, %d provider calls, %d replayed under their first key (in flight at a fault: %d "
          + "emails)%n", killedMs, killed.getClass().getSimpleName(), pausedMs, paused.getClass().getSimpleName(),
          p.deliveries().size(), p.calls().size(), replays, inFlight.size());
      assertThat(p.deliveries()).as("every step of every user was delivered, once").hasSize(USERS * 3)
          .allSatisfy((key, n) -> assertThat(n).isEqualTo(1));
      assertThat(p.batchKeysPerEmail()).as("no email reached the provider under two different keys")
          .allSatisfy((key, batchKeys) -> assertThat(batchKeys).hasSize(1));
      assertThat(p.conflicts()).isZero();
      assertThat(inFlight).as("the faults hit batches in flight").isNotEmpty();
      assertThat(rig.queue.pending()).isZero();
      assertThat(rig.queue.deadLetters(10)).isEmpty();
    }
  }

  @Test
  void aSequenceRunsThroughTheHandlerOnARedisCluster() {
    try (UnifiedJedis redis = RedisCluster.shared().client()) {
      Rig rig = rig(redis);
      assertThat(rig.run()).isNull();
      rig.clock.advance(Duration.ofDays(3));
      assertThat(rig.run()).isNull();
      rig.clock.advance(Duration.ofDays(4));
      assertThat(rig.run()).isNull();
      assertThat(rig.provider.deliveries()).hasSize(USERS * 3).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
      assertThat(rig.provider.calls()).doesNotHaveDuplicates();
      assertThat(rig.queue.pending()).isZero();
    }
  }
}
