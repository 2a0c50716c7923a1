package dev.tollgate.stripe;

import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterEventSender;
import dev.tollgate.meter.OutboxMeterEventSender;
import dev.tollgate.meter.ReportSummary;
import dev.tollgate.meter.StripeLikeMeters;
import dev.tollgate.meter.UsageReporter;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisMeterLedger;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Not a test: reports the overage of 2,000 accounts (one meter event each) from a real Redis,
 * once through stripe-java to the local fake Stripe (HTTP, wire format) and once to the outbox
 * folder, and prints meter events per second. Run like {@code DispatchBenchmark} (bench/README.md).
 */
public final class MeterReportBenchmark {
  static final int ACCOUNTS = 2_000;

  private MeterReportBenchmark() {}

  /** Runs both measurements. */
  public static void main(String[] args) throws Exception {
    try (UnifiedJedis redis = TestRedis.client()) {
      StripeLikeMeters stripe = new StripeLikeMeters(Clock.systemUTC());
      try (FakeStripeMeters fake = new FakeStripeMeters(stripe)) {
        measure("stripe-java -> local fake Stripe (HTTP)", redis, new StripeMeterEventSender(fake.client()));
      }
      measure("outbox files", redis, new OutboxMeterEventSender(Files.createTempDirectory("meter-bench")));
    }
  }

  static void measure(String what, UnifiedJedis redis, MeterEventSender sender) {
    Clock clock = Clock.systemUTC();
    RedisMeterQueue queue = new RedisMeterQueue(redis, clock, TestRedis.uniqueUser("bench"));
    String prefix = TestRedis.uniqueUser("mb");
    for (int i = 0; i < ACCOUNTS; i++) {
      AccountId a = AccountId.parse(prefix + "-" + i);
      redis.hset(Keys.account(a), Map.of("plan", "pro", "cust", "cus_bench" + i, "M:api_requests", "7", "px", "1"));
      queue.mark(a);
    }
    UsageReporter reporter = new UsageReporter(new RedisMeterLedger(redis), queue, sender, clock);
    long t0 = System.nanoTime();
    ReportSummary s = reporter.run(clock.instant().plus(Duration.ofMinutes(10)));
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%s: %d accounts, %d events, %d units in %.2f s = %.0f meter events/s%n", what, s.accounts(),
        s.sent(), s.units(), secs, s.sent() / secs);
  }
}
