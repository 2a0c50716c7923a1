package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailSender;
import dev.tollgate.email.MutableClock;
import dev.tollgate.email.OutgoingEmail;
import dev.tollgate.email.SendResult;
import dev.tollgate.email.Sequences;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatch handler while its real redis-server (fsync-always AOF) is SIGKILLed and
 * restarted, or frozen with SIGSTOP, right after the provider accepted a batch — the worst
 * moment: the run fails before it can mark the batch sent. Later runs resume: every step of
 * every user reaches the provider (nothing lost), and a step reaches it a second time only in
 * the very batch that was in flight, with the same idempotency keys (the provider's de-dup
 * turns that into one email). The same sequence also runs on a real Redis Cluster.
 */
class UpgradeEmailDispatchFaultIT {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final int USERS = 30;
  static final int BATCH = 5;
  static final GatingConfig CONFIG = withDispatch(ConfigLoader.fromEnvironment(Map.of()));

  static GatingConfig withDispatch(GatingConfig c) {
    GatingConfig.Email e = c.email().orElseThrow();
    return new GatingConfig(c.loops(), c.plans(), c.identity(), Optional.of(new GatingConfig.Email(e.from(),
        e.upgradeUrl(), e.unsubscribeBaseUrl(), e.replyTo(), e.templates(),
        new GatingConfig.Dispatch(1000, 5, Duration.ofMinutes(1), Duration.ofMinutes(5), BATCH))), c.stripe(),
        c.failMode(), c.redis());
  }

  /** A provider that accepts everything, counts calls per idempotency key, and can run a fault after accepting. */
  static final class Provider implements EmailSender {
    final Map<String, Integer> callsPerKey = new ConcurrentHashMap<>();
    final List<String> batchKeys = new CopyOnWriteArrayList<>();
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    volatile Consumer<List<OutgoingEmail>> afterAccept = b -> { };

    @Override
    public List<SendResult> send(String idempotencyKey, List<OutgoingEmail> batch) {
      List<SendResult> out = new ArrayList<>();
      for (OutgoingEmail m : batch) {
        callsPerKey.merge(m.idempotencyKey(), 1, Integer::sum);
        out.add(new SendResult.Sent("id-" + m.jobId()));
      }
      batchKeys.add(idempotencyKey);
      batches.add(batch.stream().map(OutgoingEmail::idempotencyKey).toList());
      Consumer<List<OutgoingEmail>> fault = afterAccept;
      afterAccept = b -> { };
      fault.accept(batch);
      return out;
    }
  }

  record Rig(UpgradeEmailDispatchHandler handler, MutableClock clock, RedisEmailQueue queue, Provider provider) {
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
    Provider provider = new Provider();
    UpgradeEmailDispatcher dispatcher = new UpgradeEmailDispatcher(CONFIG, queue,
        new RedisEmailProfiles(redis, Duration.ofDays(30)), provider,
        new UnsubscribeLinks(CONFIG.email().orElseThrow().unsubscribeBaseUrl(), "test-unsubscribe-secret"), clock,
        clock.sleeper());
    String prefix = "dfault-" + Long.toHexString(System.nanoTime());
    for (int i = 0; i < USERS; i++) {
      String user = prefix + "-" + i;
      queue.schedule(Sequences.jobsFor(new LimitReached(user, user + "@example.com", "features", "features", "free",
          100, 100, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(29)), T0),
          CONFIG.email().orElseThrow().templates().get("upgrade_prompt")), T0);
    }
    return new Rig(new UpgradeEmailDispatchHandler(dispatcher, clock), clock, queue, provider);
  }

  @Test
  void killedAndPausedRedisMidRunLosesNoStepAndResendsOnlyTheBatchInFlight() {
    try (RedisProcess server = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
        UnifiedJedis redis = RedisConnector.connect(server.url(), null, Duration.ofMillis(200), Duration.ofMillis(250))) {
      Rig rig = rig(redis);
      Set<String> inFlight = new HashSet<>();
      rig.provider.afterAccept = b -> {
        b.forEach(m -> inFlight.add(m.idempotencyKey()));
        server.kill();
      };
      long t0 = System.nanoTime();
      RuntimeException killed = rig.run();
      long killedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(killed).as("the run fails when Redis dies under it").isNotNull();
      server.restart();
      assertThat(rig.run()).as("the next run sends the rest").isNull();
      rig.clock.advance(Duration.ofMinutes(6));
      assertThat(rig.run()).as("after the lease, the batch in flight is claimed again").isNull();

      rig.clock.advance(Duration.ofDays(3));
      rig.provider.afterAccept = b -> {
        b.forEach(m -> inFlight.add(m.idempotencyKey()));
        server.pause();
      };
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

      Map<String, Integer> calls = rig.provider.callsPerKey;
      long twice = calls.values().stream().filter(n -> n > 1).count();
      System.out.printf("dispatch faults: killed run failed after %d ms (%s), paused run failed after %d ms (%s); "
          + "%d steps delivered, %d provider calls, %d keys sent twice (in flight at a fault: %d)%n",
          killedMs, killed.getClass().getSimpleName(), pausedMs, paused.getClass().getSimpleName(), calls.size(),
          rig.provider.batches.size(), twice, inFlight.size());
      assertThat(calls).as("every step of every user reached the provider").hasSize(USERS * 3);
      assertThat(calls.values()).as("no step more than twice").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
      calls.forEach((key, n) -> {
        if (n > 1) {
          assertThat(inFlight).as("a step sent twice was in the batch in flight at a fault").contains(key);
        }
      });
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
      assertThat(rig.provider.callsPerKey).hasSize(USERS * 3).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
      assertThat(rig.queue.pending()).isZero();
    }
  }
}
