package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.LatencyProxy;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer handler under steady load while its real redis-server is SIGKILLed and
 * restarted, frozen with SIGSTOP and resumed, or slowed past the command timeout by a TCP
 * proxy: every call answers within a bound, by {@code failMode} while Redis cannot answer,
 * and the same handler (no restart) counts again once Redis is back. Redis runs with an
 * fsync-always AOF, so a restart keeps the counts and exactness can be checked across it.
 */
class AuthorizerFaultIT {
  /** Connect 200 ms + command 250 ms (+ pool wait and scheduling slack on a busy 2-core box). */
  static final long BOUND_MS = 1500;
  static final int LIMIT = 20;
  static final int USERS = 40;
  static final int THREADS = 4;

  enum Outcome { ALLOWED, DENIED, FAIL_OPEN, FAIL_CLOSED }

  record Call(String phase, long startNanos, long latencyNanos, Outcome outcome, String error, int user) {
    long ms() {
      return latencyNanos / 1_000_000;
    }
  }

  /** Drives {@code THREADS} threads of calls over {@code USERS} users, tagging each call with the phase it started in. */
  static final class Load implements AutoCloseable {
    final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    final String[] users = new String[USERS];
    private final AuthorizerRequestEvent[] events = new AuthorizerRequestEvent[USERS];
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Future<?>> workers = new ArrayList<>();
    volatile String phase = "warmup";

    Load(UsageAuthorizerHandler handler) {
      String prefix = TestRedis.uniqueUser("fault");
      for (int i = 0; i < USERS; i++) {
        users[i] = prefix + "-" + i;
        events[i] = AuthorizerRig.event(AuthorizerRig.token(users[i]));
      }
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        workers.add(pool.submit(() -> {
          int u = first;
          while (running.get()) {
            u = (u + 7) % USERS;
            String p = phase;
            long t0 = System.nanoTime();
            Outcome o = null;
            String error = null;
            try {
              IamPolicyResponseV1 r = handler.handleRequest(events[u], null);
              o = AuthorizerRig.allows(r) ? (AuthorizerRig.failedOpen(r) ? Outcome.FAIL_OPEN : Outcome.ALLOWED)
                  : Outcome.DENIED;
            } catch (UsageAuthorizerHandler.GateUnavailableException e) {
              o = Outcome.FAIL_CLOSED;
            } catch (RuntimeException e) {
              error = e.toString();
            }
            calls.add(new Call(p, t0, System.nanoTime() - t0, o, error, u));
          }
          return null;
        }));
      }
    }

    /** Waits until a call started after now got an answer from Redis; returns how long that took (ms). */
    long awaitCounted(String newPhase, long timeoutMs) throws InterruptedException {
      long from = System.nanoTime();
      phase = newPhase;
      while (System.nanoTime() - from < timeoutMs * 1_000_000) {
        for (Call c : calls) {
          if (c.startNanos >= from && (c.outcome == Outcome.ALLOWED || c.outcome == Outcome.DENIED)) {
            return (c.startNanos + c.latencyNanos - from) / 1_000_000;
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no decision from Redis within " + timeoutMs + " ms of " + newPhase);
    }

    List<Call> in(String p) {
      return calls.stream().filter(c -> c.phase.equals(p)).toList();
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      for (Future<?> f : workers) {
        f.get();
      }
      pool.shutdown();
    }
  }

  static RedisProcess durableRedis() {
    return RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
  }

  @ParameterizedTest(name = "failMode {0}")
  @ValueSource(strings = {"open", "closed"})
  void killedPausedAndRestartedRedisFollowsTheFailModeWithinTheBoundAndRecovers(String mode) throws Exception {
    GatingConfig config = AuthorizerRig.config(LIMIT, mode, "200ms", "250ms");
    Outcome down = mode.equals("open") ? Outcome.FAIL_OPEN : Outcome.FAIL_CLOSED;
    try (RedisProcess server = durableRedis();
        UnifiedJedis redis = RedisConnector.connect(server.url(), null, config.redis())) {
      UsageAuthorizerHandler handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
      long killRecovery;
      long pauseRecovery;
      try (Load load = new Load(handler)) {
        Thread.sleep(500);
        load.phase = "up";
        Thread.sleep(400);
        server.kill();
        load.phase = "killed";
        Thread.sleep(1200);
        load.phase = "restarting";
        server.restart();
        killRecovery = load.awaitCounted("restarted", 5000);
        Thread.sleep(300);
        server.pause();
        load.phase = "paused";
        Thread.sleep(1200);
        load.phase = "resuming";
        server.resume();
        pauseRecovery = load.awaitCounted("resumed", 5000);
        Thread.sleep(300);
        load.close();
        report(mode, load, killRecovery, pauseRecovery);

        assertAnsweredWithinTheBound(load);
        for (String p : List.of("killed", "paused")) {
          assertFailMode(load.in(p), down, p);
        }
        List<Call> up = load.in("up");
        assertThat(up.stream().filter(c -> c.outcome != Outcome.ALLOWED && c.outcome != Outcome.DENIED))
            .as("before the fault, only the calls in flight at the kill (and a rare hiccup) miss Redis")
            .hasSizeLessThanOrEqualTo(THREADS + up.size() / 20);
        assertThat(killRecovery).as("recovery after restart (ms)").isLessThan(3000);
        assertThat(pauseRecovery).as("recovery after resume (ms)").isLessThan(3000);
        assertExact(load, redis);
      }
    }
  }

  @ParameterizedTest(name = "failMode {0}")
  @ValueSource(strings = {"open", "closed"})
  void aRedisSlowerThanTheCommandTimeoutStaysWithinTheBound(String mode) throws Exception {
    GatingConfig config = AuthorizerRig.config(LIMIT, mode, "200ms", "250ms");
    Outcome down = mode.equals("open") ? Outcome.FAIL_OPEN : Outcome.FAIL_CLOSED;
    try (RedisProcess server = RedisProcess.start(); LatencyProxy proxy = LatencyProxy.to(server.port());
        UnifiedJedis redis = RedisConnector.connect(proxy.url(), null, config.redis())) {
      UsageAuthorizerHandler handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
      try (Load load = new Load(handler)) {
        Thread.sleep(500);
        proxy.latency(Duration.ofMillis(200), Duration.ofMillis(200));
        Thread.sleep(100);
        load.phase = "slow";
        Thread.sleep(1500);
        proxy.latency(Duration.ofMillis(30), Duration.ofMillis(30));
        long mild = load.awaitCounted("mild", 5000);
        Thread.sleep(600);
        proxy.heal();
        long healed = load.awaitCounted("healed", 5000);
        Thread.sleep(200);
        load.close();
        report(mode + " (slow Redis)", load, mild, healed);
        assertAnsweredWithinTheBound(load);
        assertFailMode(load.in("slow"), down, "400 ms round trips > 250 ms timeout");
        List<Call> mildCalls = load.in("mild");
        assertThat(mildCalls.stream().filter(c -> c.outcome == Outcome.ALLOWED || c.outcome == Outcome.DENIED).count())
            .as("60 ms round trips are within the timeout: most calls decided by Redis").isGreaterThan(mildCalls.size() / 2);
        assertExact(load, redis);
      }
    }
  }

  /**
   * Calls started during a fault answer by the fail mode — all but the one per thread still
   * in flight when the fault ended, which Redis may answer in time.
   */
  static void assertFailMode(List<Call> calls, Outcome down, String fault) {
    assertThat(calls).as("calls while %s", fault).isNotEmpty();
    assertThat(calls.stream().filter(c -> c.outcome != down)).as("calls while %s not answered by the fail mode", fault)
        .hasSizeLessThanOrEqualTo(THREADS);
  }

  /** No call failed with anything but a decision or the fail mode, and each answered within {@link #BOUND_MS}. */
  static void assertAnsweredWithinTheBound(Load load) {
    assertThat(load.calls).as("no call failed with anything but the fail mode")
        .allSatisfy(c -> assertThat(c.error).isNull());
    assertThat(load.calls).as("every call answered within %d ms", BOUND_MS)
        .allSatisfy(c -> assertThat(c.ms()).isLessThan(BOUND_MS));
  }

  /** Per user: calls the client saw counted and allowed ≤ Redis's n ≤ the limit. */
  static void assertExact(Load load, UnifiedJedis redis) {
    assertExact(load, redis, LIMIT);
  }

  /** As {@link #assertExact(Load, UnifiedJedis)} with {@code limit}. */
  static void assertExact(Load load, UnifiedJedis redis, int limit) {
    Map<Integer, Long> allowed = load.calls.stream().filter(c -> c.outcome == Outcome.ALLOWED)
        .collect(Collectors.groupingBy(Call::user, Collectors.counting()));
    for (int u = 0; u < USERS; u++) {
      String n = redis.hget(Keys.plan(load.users[u]), "features:n");
      long stored = n == null ? 0 : Long.parseLong(n);
      long seen = allowed.getOrDefault(u, 0L);
      assertThat(seen).as("user %d allowed (Redis n %d)", u, stored).isLessThanOrEqualTo(stored);
      assertThat(stored).as("user %d stored count", u).isLessThanOrEqualTo(limit);
    }
  }

  static void report(String mode, Load load, long firstRecovery, long secondRecovery) {
    StringBuilder b = new StringBuilder("authorizer faults, failMode " + mode + ": recovery " + firstRecovery + " ms / "
        + secondRecovery + " ms\n");
    for (String p : load.calls.stream().map(Call::phase).distinct().toList()) {
      List<Call> cs = load.in(p);
      b.append(String.format("  %-9s %5d calls, max %4d ms, outcomes %s%n", p, cs.size(),
          cs.stream().mapToLong(Call::ms).max().orElse(0),
          cs.stream().collect(Collectors.groupingBy(c -> c.outcome == null ? "error" : c.outcome.name(),
              Collectors.counting()))));
    }
    System.out.print(b);
  }
}
