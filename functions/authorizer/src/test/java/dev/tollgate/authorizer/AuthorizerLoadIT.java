package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sustained load through the whole authorizer handler (JWT check, matching, the one-EVALSHA
 * decision, limit events) on a dedicated real redis-server: 16 threads, 10,000 users with a
 * free limit of 3, so most users cross it. Checked against an independent client-side count:
 * per user, the allowed calls are exactly min(limit, calls made) and equal Redis's stored
 * {@code n} — never one more — and no call errors. Prints throughput and latency percentiles.
 *
 * <p>Duration: {@code -Dtollgate.load.seconds=60} (default 10, to keep {@code mvn verify} fast).
 */
class AuthorizerLoadIT {
  static final int THREADS = Integer.getInteger("tollgate.load.threads", 16);
  static final int USERS = Integer.getInteger("tollgate.load.users", 10_000);
  static final int LIMIT = 3;
  static final Duration RUN = Duration.ofSeconds(Long.getLong("tollgate.load.seconds", 10));

  @Test
  void sustainedLoadAdmitsExactlyTheLimitPerUserWithoutErrors() throws Exception {
    try (RedisProcess redisServer = RedisProcess.start();
        UnifiedJedis redis = redisServer.client(Duration.ofSeconds(2))) {
      GatingConfig config = AuthorizerRig.config(LIMIT, "closed", "500ms", "1s");
      UsageAuthorizerHandler handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
      String[] users = new String[USERS];
      AuthorizerRequestEvent[] events = new AuthorizerRequestEvent[USERS];
      for (int i = 0; i < USERS; i++) {
        users[i] = "load-user-" + i;
        events[i] = AuthorizerRig.event(AuthorizerRig.token(users[i]));
      }
      AtomicIntegerArray attempts = new AtomicIntegerArray(USERS);
      AtomicIntegerArray allowed = new AtomicIntegerArray(USERS);
      Map<String, Integer> errors = new ConcurrentHashMap<>();
      // warm-up: JIT, script load, connection pool (not counted in the figures, counted for exactness)
      for (int i = 0; i < 2000; i++) {
        int u = i % 200;
        attempts.incrementAndGet(u);
        if (AuthorizerRig.allows(handler.handleRequest(events[u], null))) {
          allowed.incrementAndGet(u);
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> results = new ArrayList<>();
      long[] window = new long[2];
      for (int t = 0; t < THREADS; t++) {
        long seed = 1000 + t;
        results.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          long[] lat = new long[1 << 16];
          int n = 0;
          go.await();
          long end = System.nanoTime() + RUN.toNanos();
          while (System.nanoTime() < end) {
            int u = random.nextInt(USERS);
            long t0 = System.nanoTime();
            try {
              IamPolicyResponseV1 p = handler.handleRequest(events[u], null);
              attempts.incrementAndGet(u);
              if (AuthorizerRig.allows(p)) {
                allowed.incrementAndGet(u);
              }
            } catch (RuntimeException e) {
              attempts.incrementAndGet(u);
              errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = System.nanoTime() - t0;
          }
          return Arrays.copyOf(lat, n);
        }));
      }
      window[0] = System.nanoTime();
      go.countDown();
      List<long[]> perThread = new ArrayList<>();
      for (Future<long[]> f : results) {
        perThread.add(f.get());
      }
      window[1] = System.nanoTime();
      pool.shutdown();

      long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      long total = 0;
      long admitted = 0;
      int overAdmitted = 0;
      int mismatched = 0;
      int crossed = 0;
      for (int u = 0; u < USERS; u++) {
        int a = allowed.get(u);
        total += attempts.get(u);
        admitted += a;
        if (a > LIMIT) {
          overAdmitted++;
        }
        if (a != Math.min(LIMIT, attempts.get(u))) {
          mismatched++;
        }
        if (attempts.get(u) > LIMIT) {
          crossed++;
        }
        String stored = redis.hget(Keys.plan(users[u]), "features:n");
        if (a > 0 && !Integer.toString(a).equals(stored)) {
          mismatched++;
        }
      }
      double seconds = (window[1] - window[0]) / 1e9;
      System.out.printf("authorizer load: %d threads, %d users, limit %d, %.1f s: %d decisions (%.0f/s), "
          + "%d allowed, %d denied, %d users crossed the limit, over-admissions %d, mismatches %d, errors %d%n"
          + "  latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
          THREADS, USERS, LIMIT, seconds, all.length, all.length / seconds, admitted, total - admitted, crossed,
          overAdmitted, mismatched, errors.values().stream().mapToInt(Integer::intValue).sum(),
          ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6);
      assertThat(errors).as("errors").isEmpty();
      assertThat(overAdmitted).as("users allowed more than the limit").isZero();
      assertThat(mismatched).as("users whose allowed count differs from min(limit, calls) or from Redis's n").isZero();
      if (RUN.getSeconds() >= 30) {
        assertThat(crossed).as("most users crossed the limit").isGreaterThan(USERS / 2);
      }
    }
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }
}
