package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.testing.Concurrently;
import dev.tollgate.usage.UsageModel.PlanState;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UsageStore} must have. Runs against the in-memory store and
 * real Redis (and Redis Cluster); a fake that passes it is the only fake allowed.
 */
public abstract class UsageStoreContract {
  protected static final List<String> PLANS = List.of("free", "paid", "team");
  /**
   * The injected "now": a day ahead of the real clock, because Redis expires window keys by
   * its own clock and a window that ended in the past would vanish at once.
   */
  protected static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
  /** A year ahead, for calendar tests. */
  protected static final int NEXT_YEAR = Year.now(ZoneOffset.UTC).getValue() + 1;

  /** The store under test, judging by {@link #PLANS} with {@code free} the default. */
  protected abstract UsageStore store();

  /** Stores a plan state for a user, as the Stripe side would. */
  protected abstract void putPlan(String userId, PlanState state);

  /** A user id no other test uses. */
  protected abstract String newUser();

  /** Calls that ran concurrently in the exactness test (kept modest for CI). */
  protected int concurrentCalls() {
    return 400;
  }

  protected static Gate gate(String id, Period period, long free, long paid, long team, int warnPermille) {
    return TestGates.usage(id, period, new long[] {free, paid, team}, warnPermille);
  }

  protected static Gate days(String id, long free) {
    return gate(id, new Period(Period.Kind.FIXED, Duration.ofDays(30)), free, -1, 1000, 0);
  }

  @Test
  void allowsExactlyTheLimitAndDeniedCallsDoNotConsume() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 3));
    for (int i = 1; i <= 3; i++) {
      UsageOutcome o = store().consume(u, g, T0.plusSeconds(i));
      assertThat(o.allowed()).isTrue();
      assertThat(o.gates().get(0).used()).isEqualTo(i);
      assertThat(o.plan()).isEqualTo("free");
    }
    for (int i = 0; i < 5; i++) {
      UsageOutcome o = store().consume(u, g, T0.plusSeconds(10 + i));
      assertThat(o.allowed()).isFalse();
      assertThat(o.gates().get(0).used()).isEqualTo(3);
      assertThat(o.gates().get(0).limit()).isEqualTo(3);
      assertThat(o.gates().get(0).firstDenial()).as("first denial only on the first blocked call").isEqualTo(i == 0);
    }
    assertThat(store().peek(u, g, T0.plusSeconds(20)).gates().get(0).used()).isEqualTo(3);
  }

  /**
   * Concurrent requests read the clock before their round trip, so one stamped a few ms
   * before the window it lands in (or from a container whose clock lags) must count in that
   * window, not restart it: restarting handed out a fresh allowance (found under load).
   */
  @Test
  void aCallStampedBeforeTheWindowStartedCountsInItAndDoesNotRestartIt() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 2));
    Instant first = T0.plus(Duration.ofHours(6));
    assertThat(store().consume(u, g, first).allowed()).isTrue();
    UsageOutcome early = store().consume(u, g, first.minusMillis(5));
    assertThat(early.allowed()).isTrue();
    assertThat(early.gates().get(0).used()).isEqualTo(2);
    assertThat(early.gates().get(0).windowStart()).isEqualTo(first);
    assertThat(store().consume(u, g, first.minusMillis(3)).allowed()).as("the limit holds for late, earlier stamps").isFalse();
    assertThat(store().consume(u, g, first.plusMillis(1)).allowed()).isFalse();
  }

  @Test
  void aLateCallStampedInThePreviousMonthDoesNotReopenIt() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(gate("monthly", new Period(Period.Kind.MONTH, Duration.ZERO), 1, -1, -1, 0));
    Instant newMonth = Instant.parse(NEXT_YEAR + "-12-01T00:00:00Z");
    assertThat(store().consume(u, g, newMonth).allowed()).isTrue();
    UsageOutcome late = store().consume(u, g, newMonth.minusMillis(2));
    assertThat(late.allowed()).as("counted in the month a concurrent call already opened").isFalse();
    assertThat(late.gates().get(0).windowStart()).isEqualTo(newMonth);
    assertThat(store().consume(u, g, newMonth.plusSeconds(1)).allowed()).isFalse();
  }

  @Test
  void fixedWindowsAnchorAtTheFirstCallAndReset() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 2));
    Instant first = T0.plus(Duration.ofHours(5));
    UsageOutcome o = store().consume(u, g, first);
    assertThat(o.gates().get(0).windowStart()).isEqualTo(first);
    assertThat(o.gates().get(0).resetAt()).isEqualTo(first.plus(Duration.ofDays(30)));
    store().consume(u, g, first.plusSeconds(1));
    assertThat(store().consume(u, g, first.plus(Duration.ofDays(29))).allowed()).isFalse();
    Instant reset = first.plus(Duration.ofDays(30));
    UsageOutcome again = store().consume(u, g, reset);
    assertThat(again.allowed()).isTrue();
    assertThat(again.gates().get(0).used()).isEqualTo(1);
    assertThat(again.gates().get(0).windowStart()).isEqualTo(reset);
    UsageOutcome blockedAgain = store().consume(u, g, reset.plusSeconds(1));
    assertThat(blockedAgain.allowed()).isTrue();
    UsageOutcome denied = store().consume(u, g, reset.plusSeconds(2));
    assertThat(denied.gates().get(0).firstDenial()).as("a new window has its own first denial").isTrue();
  }

  @Test
  void monthWindowsFollowTheCalendar() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(gate("monthly", new Period(Period.Kind.MONTH, Duration.ZERO), 1, -1, -1, 0));
    Instant lastMinute = Instant.parse(NEXT_YEAR + "-11-30T23:59:00Z");
    UsageOutcome o = store().consume(u, g, lastMinute);
    assertThat(o.gates().get(0).windowStart()).isEqualTo(Instant.parse(NEXT_YEAR + "-11-01T00:00:00Z"));
    assertThat(o.gates().get(0).resetAt()).isEqualTo(Instant.parse(NEXT_YEAR + "-12-01T00:00:00Z"));
    assertThat(store().consume(u, g, lastMinute.plusSeconds(30)).allowed()).isFalse();
    assertThat(store().consume(u, g, Instant.parse(NEXT_YEAR + "-12-01T00:00:00Z")).allowed()).isTrue();
  }

  @Test
  void aRequestUnderSeveralLoopsCountsInAllOrNone() throws Exception {
    String u = newUser();
    Gate tight = days("tight", 1);
    Gate wide = days("wide", 10);
    List<Gate> both = List.of(wide, tight);
    assertThat(store().consume(u, both, T0).allowed()).isTrue();
    UsageOutcome denied = store().consume(u, both, T0.plusSeconds(1));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.gates().get(0).allowed()).isTrue();
    assertThat(denied.gates().get(1).allowed()).isFalse();
    assertThat(store().peek(u, List.of(wide), T0.plusSeconds(2)).gates().get(0).used())
        .as("the denied call was not counted in the loop that would have allowed it").isEqualTo(1);
  }

  @Test
  void thePlanDecidesTheLimit() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 1));
    store().consume(u, g, T0);
    assertThat(store().consume(u, g, T0.plusSeconds(1)).allowed()).isFalse();
    putPlan(u, new PlanState("paid", 0, 0, 0));
    UsageOutcome paid = store().consume(u, g, T0.plusSeconds(2));
    assertThat(paid.allowed()).as("a paying user is unblocked on the next call").isTrue();
    assertThat(paid.plan()).isEqualTo("paid");
    assertThat(paid.gates().get(0).limit()).isEqualTo(-1);
    putPlan(u, new PlanState("team", T0.plusSeconds(100).toEpochMilli(), 0, 0));
    assertThat(store().consume(u, g, T0.plusSeconds(3)).plan()).isEqualTo("team");
    UsageOutcome lapsed = store().consume(u, g, T0.plusSeconds(100));
    assertThat(lapsed.plan()).as("the plan lapses at 'until'").isEqualTo("free");
    assertThat(lapsed.allowed()).isFalse();
  }

  @Test
  void billingWindowsFollowTheSubscriptionPeriod() throws Exception {
    String u = newUser();
    Instant ps = T0.minus(Duration.ofDays(10));
    Instant pe = T0.plus(Duration.ofDays(20));
    putPlan(u, new PlanState("team", 0, ps.toEpochMilli(), pe.toEpochMilli()));
    List<Gate> g = List.of(gate("billing", new Period(Period.Kind.BILLING, Duration.ZERO), 1, 1, 2, 0));
    UsageOutcome o = store().consume(u, g, T0);
    assertThat(o.gates().get(0).windowStart()).isEqualTo(ps);
    assertThat(o.gates().get(0).resetAt()).isEqualTo(pe);
    assertThat(store().consume(u, g, T0.plusSeconds(1)).allowed()).isTrue();
    assertThat(store().consume(u, g, T0.plusSeconds(2)).allowed()).isFalse();
  }

  @Test
  void warnsOnceWhenTheShareIsPassed() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(gate("w", new Period(Period.Kind.FIXED, Duration.ofDays(1)), 5, -1, -1, 600));
    List<Boolean> warns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      warns.add(store().consume(u, g, T0.plusSeconds(i)).gates().get(0).warnCrossed());
    }
    assertThat(warns).containsExactly(false, false, true, false, false);
  }

  @Test
  void peekCountsNothingAndResetStartsAfresh() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 2));
    store().consume(u, g, T0);
    store().consume(u, g, T0);
    assertThat(store().peek(u, g, T0).allowed()).isFalse();
    assertThat(store().peek(u, g, T0).gates().get(0).firstDenial()).isFalse();
    store().reset(u, g);
    assertThat(store().peek(u, g, T0).gates().get(0).used()).isZero();
    assertThat(store().consume(u, g, T0).allowed()).isTrue();
  }

  @Test
  void neverAllowsOneCallTooManyUnderConcurrency() throws Exception {
    String u = newUser();
    long limit = 100;
    List<Gate> g = List.of(days("hammer", limit), days("hammer-wide", 1_000_000));
    int allowed = Concurrently.countTrue(concurrentCalls(), 16, () -> store().consume(u, g, T0).allowed());
    assertThat(allowed).isEqualTo(limit);
    UsageOutcome after = store().peek(u, g, T0);
    assertThat(after.gates().get(0).used()).isEqualTo(limit);
    assertThat(after.gates().get(1).used()).as("only allowed calls counted in the other loop").isEqualTo(limit);
  }
}
