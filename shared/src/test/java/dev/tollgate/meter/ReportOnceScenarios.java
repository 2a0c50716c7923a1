package dev.tollgate.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.email.MutableClock;
import dev.tollgate.identity.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Never a unit reported twice, never one lost: the reporter on each backend's stores
 * ({@link MeterStores}) against Stripe's de-duplication ({@link StripeLikeMeters}, or Stripe's
 * wire format through stripe-java in the function module), when a run dies after the cut, when
 * it dies after Stripe recorded the event, when Stripe's answer is lost, when two runs overlap,
 * when units are counted while a run reports, when Stripe refuses, and when an account has no
 * customer yet. Each fault is followed by more overage, so a re-cut entry would cover other
 * units under another identifier — the double report this design rules out.
 */
public abstract class ReportOnceScenarios {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final int ACCOUNTS = 5;

  protected MeterStores stores;
  protected MutableClock clock;
  protected StripeLikeMeters stripe;
  protected MeterQueue queue;
  protected CrashingMeterLedger ledger;
  protected final List<AccountId> accounts = new ArrayList<>();
  private final Map<String, Long> counted = new LinkedHashMap<>();

  /** The stores this run of the scenarios uses. */
  protected abstract MeterStores stores();

  /** What the reporter sends through to {@code stripe}: itself, or stripe-java and a fake HTTP server. */
  protected MeterEventSender sender(StripeLikeMeters stripe) {
    return stripe;
  }

  @BeforeEach
  void fresh() {
    stores = stores();
    clock = new MutableClock(T0);
    stripe = new StripeLikeMeters(clock);
    queue = stores.newQueue(clock);
    ledger = new CrashingMeterLedger(stores.ledger());
    for (int i = 0; i < ACCOUNTS; i++) {
      AccountId a = stores.unique("once" + i);
      accounts.add(a);
      stores.link(a, customer(a));
      count(a, "api_requests", i + 1);
      if (i % 2 == 0) {
        count(a, "tokens", 10 * (i + 1));
      }
      stores.drain(a, queue);
    }
  }

  static String customer(AccountId a) {
    return "cus_" + Integer.toHexString(a.value().hashCode());
  }

  protected void count(AccountId a, String meter, long units) {
    stores.overage(a, meter, units);
    counted.merge(a.value() + "|" + meter, units, Long::sum);
  }

  protected UsageReporter reporter() {
    return new UsageReporter(ledger, queue, sender(stripe), clock);
  }

  protected ReportSummary run(UsageReporter r) {
    return r.run(clock.instant().plus(Duration.ofMinutes(1)));
  }

  /** Drains every account and runs until nothing is left to report (moving past leases and backoffs). */
  protected void runEverythingOut(UsageReporter r) {
    for (int i = 0; i < 40 && (i == 0 || queue.indexed() > 0); i++) {
      accounts.forEach(a -> stores.drain(a, queue));
      run(r);
      clock.advance(Duration.ofMinutes(30));
    }
    assertThat(queue.indexed()).as("nothing left to report").isZero();
  }

  protected void assertEveryUnitBilledOnce() {
    for (AccountId a : accounts) {
      for (MeterLedger.Meter m : stores.ledger().read(a).meters()) {
        assertThat(stripe.billed(customer(a), m.name())).as("units of %s on %s billed", a, m.name())
            .isEqualTo(counted.get(a.value() + "|" + m.name()));
        assertThat(m.reported()).as("reported %s %s", a, m.name()).isEqualTo(m.total());
        assertThat(m.entry()).isNull();
      }
    }
    assertThat(stripe.recordings()).as("no event recorded twice").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(queue.deadLetters(10)).isEmpty();
  }

  @Test
  void aRunDyingAfterTheCutReportsThatEntryOnceLater() {
    UsageReporter r = reporter();
    ledger.crashAfterCut();
    assertThatThrownBy(() -> run(r)).hasMessageContaining("simulated crash");
    MeterEntry cut = ledger.cuts().get(0);
    count(accounts.get(0), "api_requests", 7);
    clock.advance(UsageReporter.LEASE.plusSeconds(1));
    run(r);
    assertThat(stripe.calls()).as("the journaled entry went out as it was cut").contains(
        cut.identifier(accounts.get(0)));
    runEverythingOut(r);
    assertEveryUnitBilledOnce();
  }

  @Test
  void aRunDyingAfterStripeRecordedTheEventReplaysItUnderTheSameIdentifier() {
    UsageReporter r = reporter();
    ledger.crashOnSettle();
    assertThatThrownBy(() -> run(r)).hasMessageContaining("simulated crash");
    String first = stripe.calls().get(0);
    accounts.forEach(a -> count(a, "api_requests", 2));
    clock.advance(UsageReporter.LEASE.plusSeconds(1));
    ReportSummary replay = run(r);
    assertThat(replay.duplicates()).as("Stripe already held it").isEqualTo(1);
    assertThat(stripe.calls().stream().filter(first::equals)).hasSize(2);
    runEverythingOut(r);
    assertEveryUnitBilledOnce();
  }

  @Test
  void aLostAnswerIsRetriedUnderTheSameIdentifier() {
    UsageReporter r = reporter();
    stripe.loseNextAnswer();
    ReportSummary first = run(r);
    assertThat(first.stopped()).as("the run stops when Stripe fails").isTrue();
    assertThat(first.retried()).isEqualTo(1);
    accounts.forEach(a -> count(a, "tokens", 1));
    clock.advance(UsageReporter.BACKOFF.plusSeconds(1));
    runEverythingOut(r);
    assertThat(stripe.calls().stream().filter(stripe.calls().get(0)::equals)).as("the lost one, then its replay")
        .hasSize(2);
    assertEveryUnitBilledOnce();
  }

  @Test
  void overlappingRunsReportOnce() throws Exception {
    UsageReporter a = reporter();
    UsageReporter b = reporter();
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    stripe.afterNextRecord(e -> {
      inCall.countDown();
      await(goOn);
    });
    CompletableFuture<ReportSummary> slow = CompletableFuture.supplyAsync(() -> run(a));
    assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run(b).accounts()).as("every account is leased to the hanging run").isZero();
    clock.advance(UsageReporter.LEASE.plusSeconds(1));
    ReportSummary takeover = run(b);
    assertThat(takeover.duplicates()).as("the hanging run's event, replayed and de-duplicated").isEqualTo(1);
    goOn.countDown();
    slow.get(10, TimeUnit.SECONDS);
    runEverythingOut(a);
    assertEveryUnitBilledOnce();
  }

  @Test
  void unitsCountedWhileARunReportsAreReportedByTheNextRun() {
    MeterQueue solo = stores.newQueue(clock);
    queue = solo;
    AccountId x = stores.unique("during");
    accounts.clear();
    accounts.add(x);
    stores.link(x, customer(x));
    count(x, "api_requests", 5);
    stores.followUp(x, solo);
    // a call counts overage while the account is still pending (no new index entry), then the
    // drain that already ran its follow-up acknowledges the account
    stripe.afterNextRecord(e -> {
      count(x, "api_requests", 3);
      stores.ack(x);
    });
    run(reporter());
    assertThat(solo.indexed()).as("the new units keep the account indexed").isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    run(reporter());
    assertThat(stripe.billed(customer(x), "api_requests")).isEqualTo(8);
    assertThat(solo.indexed()).isZero();
    assertEveryUnitBilledOnce();
  }

  @Test
  void aRefusedEventIsRetriedWithBackoffThenDeadLettered() {
    AccountId bad = accounts.get(1);
    stripe.refuse(customer(bad), "No such customer: '" + customer(bad) + "'");
    UsageReporter r = reporter();
    run(r);
    int calls = stripe.calls().size();
    clock.advance(Duration.ofSeconds(30));
    run(r);
    assertThat(stripe.calls()).as("not before its backoff").hasSize(calls);
    for (int i = 0; i < UsageReporter.MAX_ATTEMPTS; i++) {
      clock.advance(Duration.ofHours(5));
      run(r);
    }
    List<MeterDeadLetter> dead = queue.deadLetters(10);
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(d.account()).isEqualTo(bad);
      assertThat(d.units()).isEqualTo(2);
      assertThat(d.attempts()).isEqualTo(UsageReporter.MAX_ATTEMPTS);
      assertThat(d.error()).contains("No such customer");
    });
    assertThat(stripe.billed(customer(bad), "api_requests")).isZero();
    assertThat(stores.ledger().read(bad).meters().get(0).reported()).as("counted as given up, not pending")
        .isEqualTo(2);
    accounts.remove(bad);
    runEverythingOut(r);
    assertThat(stripe.recordings()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  @Test
  void anAccountWithoutACustomerKeepsItsUnitsUntilOneIsLinked() {
    AccountId orphan = stores.unique("nocust");
    count(orphan, "api_requests", 4);
    stores.drain(orphan, queue);
    UsageReporter r = reporter();
    ReportSummary s = run(r);
    assertThat(s.held()).isEqualTo(1);
    assertThat(queue.held(10)).containsExactly(new MeterQueue.Held(orphan, Map.of("api_requests", 4L), T0));
    count(orphan, "api_requests", 1);
    stores.link(orphan, customer(orphan));
    clock.advance(UsageReporter.HOLD_RECHECK);
    run(r);
    assertThat(stripe.billed(customer(orphan), "api_requests")).as("all units, in one event").isEqualTo(5);
    assertThat(queue.held(10)).isEmpty();
    accounts.add(orphan);
    runEverythingOut(r);
    assertEveryUnitBilledOnce();
  }

  @Test
  void anEventWhoseOutcomeStaysUnknownIsNotReplayedPastStripesDeduplicationWindow() {
    UsageReporter r = reporter();
    stripe.unavailableFor(1_000);
    for (int i = 0; i < 15; i++) {
      run(r);
      clock.advance(Duration.ofHours(2));
    }
    List<MeterDeadLetter> dead = queue.deadLetters(10);
    assertThat(dead).as("events tried for ~23 h without an answer are given up").isNotEmpty()
        .allSatisfy(d -> assertThat(d.error()).contains("de-duplication window"));
    int before = stripe.calls().size();
    stripe.unavailableFor(0);
    runEverythingOut(r);
    assertThat(stripe.calls().subList(before, stripe.calls().size())).as("never replayed after that")
        .doesNotContainAnyElementsOf(dead.stream().map(MeterDeadLetter::identifier).toList());
    assertThat(stripe.recordings()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  @Test
  void killedAtRandomPointsItNeverReportsAUnitTwiceOrLosesOne() {
    java.util.Random rnd = new java.util.Random(20260301L);
    UsageReporter r = reporter();
    int killed = 0;
    int lost = 0;
    for (int step = 0; step < 120; step++) {
      AccountId a = accounts.get(rnd.nextInt(accounts.size()));
      count(a, rnd.nextBoolean() ? "api_requests" : "tokens", 1 + rnd.nextInt(5));
      if (rnd.nextInt(3) > 0) {
        stores.drain(a, queue);
      }
      switch (rnd.nextInt(5)) {
        case 0 -> ledger.crashAfterCut();
        case 1 -> ledger.crashOnSettle();
        case 2 -> {
          stripe.loseNextAnswer();
          lost++;
        }
        default -> { }
      }
      try {
        run(r);
      } catch (IllegalStateException e) {
        killed++;
      }
      clock.advance(Duration.ofSeconds(rnd.nextInt(200)));
    }
    ledger.disarm();
    runEverythingOut(r);
    assertEveryUnitBilledOnce();
    assertThat(killed).as("runs killed").isGreaterThan(10);
    long replays = stripe.calls().size() - stripe.recordings().size();
    System.out.printf("meter faults (%s): 120 steps, %d runs killed mid-run, %d answers lost, %d events recorded once,"
        + " %d calls replayed or refused, 0 units reported twice, 0 lost%n", getClass().getSimpleName(), killed, lost,
        stripe.recordings().size(), replays);
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
