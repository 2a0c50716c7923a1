package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backoff and the rate limiter. */
class EmailTimingTest {
  @ParameterizedTest(name = "attempt {0}, retry-after {1}s -> {2}s")
  @CsvSource({"1,0,60", "2,0,120", "3,0,240", "5,0,960", "2,300,300", "40,0,86400", "1,7200,7200"})
  void backoffDoublesFromTheBaseAndHonoursRetryAfter(int attempt, long retryAfter, long expected) {
    assertThat(Backoff.delay(Duration.ofMinutes(1), attempt, Duration.ofSeconds(retryAfter)))
        .isEqualTo(Duration.ofSeconds(expected));
  }

  @ParameterizedTest(name = "{0}/s")
  @CsvSource({"2", "0.5", "10"})
  void rateLimiterNeverExceedsTheRate(double rate) {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    RateLimiter limiter = new RateLimiter(rate, 1);
    List<Instant> grants = new ArrayList<>();
    while (grants.size() < 50) {
      Duration wait = limiter.tryAcquire(clock.instant());
      if (wait.isZero()) {
        grants.add(clock.instant());
        clock.advance(Duration.ofMillis(1));
      } else {
        clock.advance(wait);
      }
    }
    long minGapNanos = (long) (1e9 / rate);
    for (int i = 1; i < grants.size(); i++) {
      assertThat(Duration.between(grants.get(i - 1), grants.get(i)).toNanos()).isGreaterThanOrEqualTo(minGapNanos);
    }
    Duration span = Duration.between(grants.get(0), grants.get(grants.size() - 1));
    assertThat(span.toNanos()).isLessThan((long) (49 * 1e9 / rate) + 49_000_000L);
  }

  @Test
  void aPauseHoldsEveryRequestUntilItEnds() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    RateLimiter limiter = new RateLimiter(100, 5);
    limiter.pauseUntil(t.plusSeconds(30));
    assertThat(limiter.tryAcquire(t)).isEqualTo(Duration.ofSeconds(30));
    assertThat(limiter.tryAcquire(t.plusSeconds(30))).isZero();
  }
}
