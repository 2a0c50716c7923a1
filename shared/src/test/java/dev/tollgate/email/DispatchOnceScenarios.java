package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.EmailConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Never two copies of one step: the dispatcher on each backend's stores ({@link EmailStores}),
 * against a provider that de-duplicates by idempotency key like Resend, when a run dies after the
 * provider accepted a
 * batch, when the provider's answer is lost, when a run dies after journaling a batch, and when
 * two runs overlap during recovery. Each fault is followed by a user whose step is due earlier,
 * so re-claimed jobs would land in a differently composed batch (a new key) — the old failure.
 */
public abstract class DispatchOnceScenarios {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final int USERS = 12;
  static final Duration LEASE = Duration.ofMinutes(5);
  static final GatingConfig CONFIG = DispatcherScenarios.withDispatch(ConfigLoader.fromEnvironment(Map.of()),
      new EmailConfig.Dispatch(1000, 5, Duration.ofMinutes(1), LEASE, 5));
  static final String DAY = T0.atZone(ZoneOffset.UTC).toLocalDate().toString();

  EmailStores stores;
  EmailQueue base;
  MutableClock clock;
  CrashingEmailQueue queue;
  ResendLikeProvider provider;
  String prefix;

  /** The stores this run of the scenarios uses. */
  protected abstract EmailStores stores();

  @BeforeEach
  void fresh() {
    stores = stores();
    clock = new MutableClock(T0);
    base = stores.newQueue();
    queue = new CrashingEmailQueue(base, stores.journalOf(base));
    provider = new ResendLikeProvider(clock);
    prefix = "once-" + Long.toHexString(System.nanoTime());
    for (int i = 0; i < USERS; i++) {
      block(prefix + "-" + i, T0);
    }
  }

  void block(String user, Instant at) {
    queue.schedule(Sequences.jobsFor(new LimitReached(user, user + "@example.com", "features", "features", "free", 100,
        100, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(29)), at),
        CONFIG.email().orElseThrow().templates().get("upgrade_prompt")), T0);
  }

  UpgradeEmailDispatcher dispatcher() {
    return new UpgradeEmailDispatcher(CONFIG, queue, queue.journal(), stores.profiles(), stores.funnel(), provider,
        DispatcherScenarios.LINKS, clock, clock.sleeper());
  }

  DispatchSummary run(UpgradeEmailDispatcher d) {
    return d.run(clock.instant().plus(Duration.ofMinutes(1)));
  }

  /** A user blocked a minute before T0: their first step sorts before every job of the fault. */
  void anEarlierUserArrives() {
    block(prefix + "-early", T0.minus(Duration.ofMinutes(1)));
  }

  /** Runs on through the rest of every sequence. */
  void runTheSequencesOut(UpgradeEmailDispatcher d) {
    for (Duration step : List.of(Duration.ofMinutes(6), Duration.ofDays(3), Duration.ofDays(4))) {
      clock.advance(step);
      run(d);
    }
  }

  long promptsSent() {
    return stores.promptsSent(DAY, "features");
  }

  void assertEveryStepDeliveredOnceUnderOneKey(int users) {
    assertThat(provider.deliveries()).as("every step of every user reached the provider").hasSize(users * 3)
        .allSatisfy((key, n) -> assertThat(n).as("deliveries of %s", key).isEqualTo(1));
    assertThat(provider.batchKeysPerEmail()).as("no email was ever sent under a second batch key")
        .allSatisfy((key, batchKeys) -> assertThat(batchKeys).as("batch keys of %s", key).hasSize(1));
    assertThat(provider.conflicts()).as("a replay is byte-identical to the journaled batch").isZero();
    assertThat(queue.pending()).isZero();
    assertThat(queue.deadLetters(10)).isEmpty();
  }

  @Test
  void aRunDyingAfterTheProviderAcceptedIsReplayedUnderTheSameKey() {
    UpgradeEmailDispatcher d = dispatcher();
    long before = promptsSent();
    queue.crashOnSent();
    assertThatThrownBy(() -> run(d)).hasMessageContaining("simulated crash");
    SendBatch inFlight = queue.journaled().get(0);
    anEarlierUserArrives();
    DispatchSummary next = run(d);
    assertThat(next.claimed()).as("the batch in flight stays out of the due set").isEqualTo(USERS + 1 - 5);

    clock.advance(Duration.ofMinutes(6));
    DispatchSummary replay = run(d);
    assertThat(replay.providerCalls()).isEqualTo(1);
    assertThat(provider.calls()).last().isEqualTo(inFlight.idempotencyKey());
    assertThat(promptsSent() - before).as("each first step counted once").isEqualTo(USERS + 1);
    runTheSequencesOut(d);
    assertEveryStepDeliveredOnceUnderOneKey(USERS + 1);
  }

  @Test
  void aLostProviderAnswerRetriesTheWholeBatchUnderItsKey() {
    UpgradeEmailDispatcher d = dispatcher();
    provider.afterNextAccept(b -> {
      throw new IllegalStateException("read timed out");
    });
    DispatchSummary first = run(d);
    assertThat(first.retried()).isEqualTo(5);
    anEarlierUserArrives();
    clock.advance(Duration.ofMinutes(2));
    DispatchSummary retry = run(d);
    assertThat(retry.providerCalls()).as("the replay, and the early user's own batch").isEqualTo(2);
    assertThat(provider.calls().get(first.providerCalls())).as("the replay goes first, under the first call's key")
        .isEqualTo(provider.calls().get(0));
    assertThat(retry.sent()).as("the 5 replayed (answered by the provider's de-dup) and the early user").isEqualTo(6);
    runTheSequencesOut(d);
    assertEveryStepDeliveredOnceUnderOneKey(USERS + 1);
  }

  @Test
  void aRunDyingAfterJournalingSendsTheBatchOnceLater() {
    UpgradeEmailDispatcher d = dispatcher();
    queue.crashAfterBeginSend();
    assertThatThrownBy(() -> run(d)).hasMessageContaining("simulated crash");
    assertThat(provider.calls()).isEmpty();
    SendBatch journaled = queue.journaled().get(0);
    anEarlierUserArrives();
    run(d);
    assertThat(provider.deliveries()).as("not sent before its grace is over")
        .doesNotContainKeys(journaled.emails().stream().map(OutgoingEmail::idempotencyKey).toArray(String[]::new));
    clock.advance(Duration.ofMinutes(6));
    run(d);
    assertThat(provider.calls()).last().isEqualTo(journaled.idempotencyKey());
    runTheSequencesOut(d);
    assertEveryStepDeliveredOnceUnderOneKey(USERS + 1);
  }

  @Test
  void overlappingRunsDuringRecoveryStillSendOnce() throws Exception {
    UpgradeEmailDispatcher a = dispatcher();
    UpgradeEmailDispatcher b = dispatcher();
    long before = promptsSent();
    queue.crashOnSent();
    assertThatThrownBy(() -> run(a)).hasMessageContaining("simulated crash");
    run(a);
    clock.advance(Duration.ofMinutes(6));

    // Run a replays and hangs inside the provider call; run b starts meanwhile and finds the
    // entry leased to a.
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    provider.afterNextAccept(batch -> {
      inCall.countDown();
      await(goOn);
    });
    CompletableFuture<DispatchSummary> slow = CompletableFuture.supplyAsync(() -> run(a));
    assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
    DispatchSummary overlapping = run(b);
    assertThat(overlapping.providerCalls()).as("the entry is leased to the other run").isZero();

    // Still hanging past its lease: a third run replays the same entry, with the same key and
    // emails, so the provider de-duplicates it; both settle, idempotently.
    clock.advance(LEASE.plusSeconds(1));
    DispatchSummary takeover = run(b);
    assertThat(takeover.providerCalls()).isEqualTo(1);
    goOn.countDown();
    slow.get(10, TimeUnit.SECONDS);

    List<String> calls = provider.calls();
    String key = queue.journaled().get(0).idempotencyKey();
    assertThat(List.of(calls.get(0), calls.get(calls.size() - 2), calls.get(calls.size() - 1)))
        .as("the crashed call, the hanging replay and the takeover: one key").containsOnly(key);
    assertThat(promptsSent() - before).as("each first step counted once").isEqualTo(USERS);
    runTheSequencesOut(a);
    assertEveryStepDeliveredOnceUnderOneKey(USERS);
  }

  @Test
  void aRunOvertakenWhileItsLeaseRanOutLeavesTheJobsToTheOtherRun() {
    UpgradeEmailDispatcher slow = dispatcher();
    UpgradeEmailDispatcher other = dispatcher();
    queue.beforeNextBeginSend(() -> {
      clock.advance(LEASE); // the slow run stalls (render, pacing) past its lease ...
      anEarlierUserArrives();
      assertThat(run(other).sent()).as("... and another run sends everything").isEqualTo(USERS + 1);
    });
    DispatchSummary s = slow.run(T0.plus(Duration.ofMinutes(10)));
    assertThat(s.providerCalls()).as("the slow run journals and sends nothing it lost").isZero();
    runTheSequencesOut(other);
    assertEveryStepDeliveredOnceUnderOneKey(USERS + 1);
  }

  @Test
  void aJournaledBatchWhoseEveryRecipientLeftMeanwhileIsDroppedNotReplayed() {
    UpgradeEmailDispatcher d = dispatcher();
    queue.crashAfterBeginSend();
    assertThatThrownBy(() -> run(d)).hasMessageContaining("simulated crash");
    SendBatch journaled = queue.journaled().get(0);
    for (EmailJob job : journaled.jobs()) {
      stores.profiles().unsubscribe(job.userId(), clock.instant());
    }
    run(d);
    clock.advance(Duration.ofMinutes(6));
    DispatchSummary replay = run(d);
    assertThat(replay.skipped()).as("the whole batch, not replayed").isEqualTo(journaled.jobs().size());
    runTheSequencesOut(d);
    assertThat(provider.calls()).as("the journaled batch never went out").doesNotContain(journaled.idempotencyKey());
    assertThat(provider.deliveries()).as("no step of any user who left").doesNotContainKeys(
        journaled.jobs().stream().flatMap(j -> stepKeys(j).stream()).toArray(String[]::new));
    assertThat(provider.deliveries()).hasSize((USERS - journaled.jobs().size()) * 3);
    assertThat(queue.pending()).isZero();
  }

  @Test
  void aJournaledBatchWithOneRecipientStillWantedIsReplayedWholeUnderItsKey() {
    UpgradeEmailDispatcher d = dispatcher();
    queue.crashAfterBeginSend();
    assertThatThrownBy(() -> run(d)).hasMessageContaining("simulated crash");
    SendBatch journaled = queue.journaled().get(0);
    List<EmailJob> leaving = journaled.jobs().subList(1, journaled.jobs().size());
    for (EmailJob job : leaving) {
      stores.profiles().unsubscribe(job.userId(), clock.instant());
    }
    clock.advance(Duration.ofMinutes(6));
    run(d);
    assertThat(provider.calls()).as("replayed as it was journaled").contains(journaled.idempotencyKey());
    assertThat(provider.conflicts()).isZero();
    runTheSequencesOut(d);
    assertThat(provider.deliveries()).as("the whole replay, then no later step of those who left")
        .hasSize(USERS * 3 - leaving.size() * 2);
    assertThat(queue.pending()).isZero();
  }

  /** The provider keys of every step of {@code job}'s sequence. */
  static List<String> stepKeys(EmailJob job) {
    return IntStream.range(0, 3).mapToObj(step -> new EmailJob(job.userId(), null, job.loop(),
        job.template(), step, job.windowStart(), 0, 0, 0, 0, 0, null, 0, null).idempotencyKey()).toList();
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
