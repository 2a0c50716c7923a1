package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The IETF RateLimit fields of a gate after a call, and the seconds a Retry-After names. */
class RateLimitFieldsTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @ParameterizedTest(name = "limit {0}, used {1}, {2} s into a {3} s window")
  @CsvSource({
    // limit, used, seconds since window start, window seconds, policy, fields
    "100, 3, 0, 2592000, '\"g\";q=100;w=2592000', '\"g\";r=97;t=2592000'",
    "100, 100, 86400, 2592000, '\"g\";q=100;w=2592000', '\"g\";r=0;t=2505600'",
    "5, 7, 10, 3600, '\"g\";q=5;w=3600', '\"g\";r=0;t=3590'",
    "5, 1, 3600, 3600, '\"g\";q=5;w=3600', '\"g\";r=4;t=0'",
  })
  void policyNamesTheQuotaAndWindowAndTheFieldTheRemainderAndSecondsToReset(long limit, long used, long elapsed,
      long window, String policy, String fields) {
    GateResult r = result(limit, used, window);
    RateLimitFields f = RateLimitFields.of(r, START.plusSeconds(elapsed));
    assertThat(f.policy()).isEqualTo(policy);
    assertThat(f.limit()).isEqualTo(fields);
  }

  @ParameterizedTest
  @CsvSource({"1000, 1", "999, 1", "1, 1", "0, 0", "-5, 0", "61000, 61"})
  void secondsToTheResetRoundUpAndNeverGoNegative(long millisLeft, long seconds) {
    assertThat(RateLimitFields.secondsUntil(START.plusMillis(millisLeft), START)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource({"-1"})
  void anUnlimitedGateHasNoFields(long limit) {
    assertThat(RateLimitFields.of(result(limit, 3, 60), START)).isNull();
    assertThat(RateLimitFields.of(null, START)).isNull();
  }

  private static GateResult result(long limit, long used, long windowSeconds) {
    Gate g = TestGates.usage("g", Period.parse("period", "1h"), new long[] {limit}, 0);
    return new GateResult(g, true, used, limit, START, START.plusSeconds(windowSeconds), false, 0, DenyReason.NONE, 0, 0,
        -1, -1);
  }
}
