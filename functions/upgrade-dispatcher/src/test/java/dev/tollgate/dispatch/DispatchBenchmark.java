package dev.tollgate.dispatch;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.DispatchSummary;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.RecordingEmailSender;
import dev.tollgate.email.Sleeper;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Not a test: dispatches 10,000 due emails from real Redis to a recording fake provider with
 * the real clock and the configured rate (2 req/s), and reports provider calls and run time
 * against the rate-limit floor (100 calls at 2/s: the first call is free, so 49.5 s).
 * Run: {@code mvn -q -B -pl shared,functions/upgrade-dispatcher -am test-compile} then
 * {@code java -cp <test classpath> dev.tollgate.dispatch.DispatchBenchmark}.
 */
public final class DispatchBenchmark {
  private DispatchBenchmark() {}

  /** Runs the benchmark once. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    GatingConfig config = ConfigLoader.fromEnvironment(Map.of());
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    try (UnifiedJedis redis = TestRedis.client()) {
      RedisEmailQueue queue = new RedisEmailQueue(redis, TestRedis.uniqueUser("bench"));
      List<EmailJob> jobs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        jobs.add(new EmailJob("bench-user-" + i, "b" + i + "@example.com", "features", "upgrade_prompt", 0,
            now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(), 100, 100, now.toEpochMilli(), "free", 0, null));
        if (jobs.size() == 500) {
          queue.schedule(jobs, now);
          jobs.clear();
        }
      }
      queue.schedule(jobs, now);
      RecordingEmailSender sender = new RecordingEmailSender();
      UpgradeEmailDispatcher d = new UpgradeEmailDispatcher(config, queue, queue.journal(), new RedisEmailProfiles(redis,
          Duration.ofDays(30)), new RedisFunnel(redis), sender, new UnsubscribeLinks(config.email().orElseThrow().unsubscribeBaseUrl(),
          "bench-unsubscribe-secret"), clock, Sleeper.SYSTEM);
      long t0 = System.nanoTime();
      DispatchSummary s = d.run(clock.instant().plus(Duration.ofMinutes(14)));
      double secs = (System.nanoTime() - t0) / 1e9;
      int calls = sender.calls().size();
      double floor = (calls - 1) / config.email().orElseThrow().dispatch().ratePerSecond();
      System.out.printf("emails=%d sent=%d providerCalls=%d maxBatch=%d run=%.2fs floor=%.1fs overhead=%.2fs%n", n,
          s.sent(), calls, sender.calls().stream().mapToInt(List::size).max().orElse(0), secs, floor, secs - floor);
      if (calls > 100 || s.sent() != n) {
        throw new AssertionError("expected " + n + " sent in <= 100 provider calls, got " + s);
      }
    }
  }
}
