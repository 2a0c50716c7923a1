package dev.tollgate.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.email.MutableClock;
import dev.tollgate.identity.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link MeterQueue}, run on each backend. */
public abstract class MeterQueueContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  MeterStores stores;
  MutableClock clock;
  MeterQueue q;
  AccountId a;

  /** The stores under test. */
  protected abstract MeterStores stores();

  @BeforeEach
  void fresh() {
    stores = stores();
    clock = new MutableClock(T0);
    q = stores.newQueue(clock);
    a = stores.unique("queue");
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  void aMarkedAccountIsClaimedByOneRunUntilItsLeaseEnds() {
    q.mark(a);
    q.mark(a);
    assertThat(q.indexed()).isEqualTo(1);
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).extracting(MeterQueue.Claimed::account)
        .containsExactly(a);
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).as("leased").isEmpty();
    clock.advance(Duration.ofMinutes(3));
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).as("the lease ran out").hasSize(1);
  }

  @Test
  void doneRemovesTheAccountUnlessAFollowUpMarkedItMeanwhile() {
    q.mark(a);
    MeterQueue.Claimed c = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    q.mark(a);
    q.done(c, null, clock.instant());
    assertThat(q.indexed()).as("marked while the run held it: kept").isEqualTo(1);
    MeterQueue.Claimed again = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    q.done(again, null, clock.instant());
    assertThat(q.indexed()).isZero();
  }

  @Test
  void aStaleRunDoesNotRemoveAnAccountRemovedAndMarkedAgainSinceItsClaim() {
    q.mark(a);
    MeterQueue.Claimed slow = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    clock.advance(Duration.ofMinutes(3));
    MeterQueue.Claimed other = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    q.done(other, null, clock.instant());
    q.mark(a);
    q.done(slow, null, clock.instant());
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).extracting(MeterQueue.Claimed::account)
        .as("the later mark survives the stale run").containsExactly(a);
  }

  @Test
  void doneWithANextTimeMakesTheAccountDueThen() {
    q.mark(a);
    MeterQueue.Claimed c = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    q.done(c, in(Duration.ofMinutes(10)), clock.instant());
    clock.advance(Duration.ofMinutes(9));
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).hasSize(1);
  }

  @Test
  void aMarkKeepsTheTimeOfAnAccountAlreadyIndexed() {
    q.mark(a);
    MeterQueue.Claimed c = q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10).get(0);
    q.done(c, in(Duration.ofMinutes(10)), clock.instant());
    q.mark(a);
    assertThat(q.claim(clock.instant(), in(Duration.ofMinutes(2)), 10)).as("a retry's time is kept").isEmpty();
  }

  @Test
  void deadLettersAreKeptOncePerIdentifier() {
    MeterDeadLetter d = new MeterDeadLetter(a.value() + "|api_requests|0-5", a, "api_requests", "cus_1", 5, 8,
        "400 No such customer: 'cus_1'", T0);
    q.deadLetter(d);
    q.deadLetter(d);
    assertThat(q.deadLetters(10)).containsExactly(d);
  }

  @Test
  void aHeldAccountKeepsTheFirstTimeItWasHeldUntilReleased() {
    q.hold(a, Map.of("api_requests", 3L), T0);
    q.hold(a, Map.of("api_requests", 5L), T0.plusSeconds(600));
    assertThat(q.held(10)).containsExactly(new MeterQueue.Held(a, Map.of("api_requests", 5L), T0));
    q.release(a);
    assertThat(q.held(10)).isEmpty();
  }
}
