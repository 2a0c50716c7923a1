package dev.tollgate.bench;

import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.Gate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 100,000 distinct users on a Redis of the bench's own: the first decision of each (the
 * fill, giving bytes per user), a second full-path pass and a raw EVALSHA pass at 16
 * threads (decisions/s), then a denial for some users and a pass a window later, watching
 * that every key carries a TTL and the key count does not grow as windows roll.
 */
final class Scale {
  /** The figures this part reports. */
  record Figures(long bytesPerUser, long keysWithoutTtl, long handlerPerSec, long rawPerSec) {}

  /** Prints a formatted line of the table. */
  interface Out {
    void line(String format, Object... args);
  }

  private Scale() {}

  static Figures run(BenchRedis redis, String run, int users, int threads, Out out) throws Exception {
    GatingConfig config = Fixtures.config(Bench.BENCH_LIMIT, false);
    UsageAuthorizerHandler handler = Fixtures.handler(config, redis.client, Clock.systemUTC());
    String[] ids = Fixtures.users(run, users);
    out.line("%n== %d distinct users, %d threads, own Redis %s (user ids %d chars)", users, threads, redis.version(),
        ids[0].length());
    AuthorizerRequestEvent[] events = Fixtures.jwtEvents(ids);
    redis.purgeMemory();
    long before = redis.usedMemory();
    long[] kb = redis.keysAndExpires();
    RedisUsageStore store = Fixtures.store(config, redis.client);
    List<Gate> gates = Fixtures.sampleGates(config);
    Instant start = Instant.now();
    double fill = parallel(threads, users, i -> store.consume(ids[i], gates, start));
    long after = redis.usedMemory();
    long[] ka = redis.keysAndExpires();
    long perUser = (after - before) / users;
    out.line("  fill (first decision per user, UsageStore.consume): %.0f decisions/s", fill);
    out.line("  used_memory %d -> %d: %d bytes per user (goal <= 300)  %s; keys %d -> %d", before, after, perUser,
        perUser <= 300 ? "MET" : "NOT MET", kb[0], ka[0]);
    double steady = parallel(threads, users, i -> handler.handleRequest(events[i], null));
    out.line("  full authorizer path, 2nd decision per user: %.0f decisions/s (JWT cache holds %d of %d users: most calls"
        + " verify HMAC)", steady, dev.tollgate.identity.JwtAuthenticator.CACHE_ENTRIES, users);
    var script = store.script(gates);
    double raw = parallel(threads, users, i -> script.script().runBytes(redis.client,
        store.codec().keys(script, Fixtures.account(ids[i])), Fixtures.rawArgs(store, ids[i], gates)));
    out.line("  raw EVALSHA, 3rd decision per user:          %.0f decisions/s", raw);

    // a denial for 1,000 users writes their timeline (PEXPIRE) and the day's funnel
    GatingConfig strictConfig = Fixtures.config(1, false);
    RedisUsageStore strict = Fixtures.store(strictConfig, redis.client);
    List<Gate> strictGates = Fixtures.sampleGates(strictConfig);
    Instant now = Instant.now();
    for (int i = 0; i < 1_000; i++) {
      if (strict.consume(ids[i], strictGates, now).allowed()) {
        throw new IllegalStateException("expected a denial past a limit of 1");
      }
    }
    long[] kd = redis.keysAndExpires();
    // a window later every user calls again: the window key is reused, not added to
    Instant later = now.plus(Duration.ofDays(31));
    parallel(threads, users, i -> store.consume(ids[i], gates, later));
    long[] kr = redis.keysAndExpires();
    long noTtl = kr[0] - kr[1];
    out.line("  keys / with TTL: after fill %d/%d, after 1,000 denials %d/%d, after a pass 31 days later %d/%d", ka[0],
        ka[1], kd[0], kd[1], kr[0], kr[1]);
    List<String> persistent = redis.keysWithoutTtl();
    long usageNoTtl = persistent.stream().filter(k -> k.startsWith("{u:") && (k.contains(":w:") || k.endsWith(":t")))
        .count();
    Map<String, Long> kinds = new TreeMap<>();
    for (String k : persistent) {
      kinds.merge(k.replaceAll("\\{([a-z]+):[^}]*}", "{$1:ID}"), 1L, Long::sum);
    }
    out.line("  keys without TTL: %d, by shape %s (usage window/timeline keys among them: %d)", noTtl, kinds, usageNoTtl);
    return new Figures(perUser, noTtl, Math.round(steady), Math.round(raw));
  }

  /** Runs {@code op} for i = 0..n-1 over {@code threads} threads; returns ops/s. */
  static double parallel(int threads, int n, Harness.Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          op.run(i);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    return n * 1e9 / elapsed;
  }

}
