package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.EmailConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one dispatcher run does, with an injected clock against the example gating.yaml, on each
 * backend's stores ({@link EmailStores}).
 */
public abstract class DispatcherScenarios {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final UnsubscribeLinks LINKS = new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe",
      "test-unsubscribe-secret");
  static final GatingConfig CONFIG = ConfigLoader.fromEnvironment(Map.of());

  EmailStores stores;
  MutableClock clock;
  EmailQueue queue;
  EmailProfiles profiles;
  RecordingEmailSender sender;

  /** The stores this run of the scenarios uses. */
  protected abstract EmailStores stores();

  @BeforeEach
  void fresh() {
    stores = stores();
    clock = new MutableClock(T0);
    queue = stores.newQueue();
    profiles = stores.profiles();
    sender = new RecordingEmailSender();
  }

  UpgradeEmailDispatcher dispatcher(GatingConfig cfg) {
    return new UpgradeEmailDispatcher(cfg, queue, stores.journalOf(queue), profiles, stores.funnel(), sender, LINKS, clock,
        clock.sleeper());
  }

  static GatingConfig withDispatch(GatingConfig c, EmailConfig.Dispatch d) {
    EmailConfig e = c.email().orElseThrow();
    return c.withEmail(Optional.of(new EmailConfig(e.from(), e.upgradeUrl(), e.unsubscribeBaseUrl(),
        e.replyTo(), e.templates(), d)));
  }

  String blockedUser(String prefix, String email) {
    String user = prefix + "-" + Long.toHexString(System.nanoTime());
    LimitReached hit = new LimitReached(user, email, "features", "features", "free", 100, 100,
        T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(29)), clock.instant());
    queue.schedule(Sequences.jobsFor(hit, CONFIG.email().orElseThrow().templates().get("upgrade_prompt")), T0);
    return user;
  }

  DispatchSummary runFor(UpgradeEmailDispatcher d) {
    return d.run(clock.instant().plus(Duration.ofMinutes(10)));
  }

  long promptsSent() {
    return stores.promptsSent(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString(), "features");
  }

  @Test
  void aSequenceRunsStepByStepAsTimePassesAndStopsOnConversion() {
    String user = blockedUser("seq", "seq@example.com");
    UpgradeEmailDispatcher d = dispatcher(CONFIG);
    long before = promptsSent();

    assertThat(runFor(d).sent()).isEqualTo(1);
    assertThat(sender.accepted()).extracting(OutgoingEmail::subject).containsExactly("You've used all 100 free calls");
    assertThat(promptsSent()).isEqualTo(before + 1);
    assertThat(stores.lastPrompt(user, "features")).isEqualTo(0);
    clock.advance(Duration.ofDays(1));
    assertThat(runFor(d).claimed()).isZero();

    clock.advance(Duration.ofDays(2));
    assertThat(runFor(d).sent()).isEqualTo(1);
    assertThat(sender.accepted().get(1).subject()).isEqualTo("Still blocked? Upgrade in one click");
    assertThat(stores.lastPrompt(user, "features")).isEqualTo(1);

    stores.seed(user, new EmailProfile(null, null, clock.millis(), null, null));
    clock.advance(Duration.ofDays(5));
    DispatchSummary last = runFor(d);
    assertThat(last.skipped()).isEqualTo(1);
    assertThat(last.sent()).isZero();
    assertThat(sender.accepted()).hasSize(2);
    assertThat(queue.pending()).isZero();
  }

  @Test
  void paidAndUnsubscribedUsersAreSkippedAndTheirSequencesEnded() {
    String paid = blockedUser("paid", "paid@example.com");
    String unsub = blockedUser("unsub", "unsub@example.com");
    String lapsed = blockedUser("lapsed", "lapsed@example.com");
    String free = blockedUser("free", "free@example.com");
    stores.seed(paid, new EmailProfile(null, null, null, "paid", null));
    stores.seed(lapsed, new EmailProfile(null, null, null, "paid", T0.minusSeconds(1).toEpochMilli()));
    profiles.unsubscribe(unsub, T0);
    DispatchSummary s = runFor(dispatcher(CONFIG));
    assertThat(s.claimed()).isEqualTo(4);
    assertThat(s.skipped()).isEqualTo(2);
    assertThat(sender.accepted()).extracting(OutgoingEmail::to)
        .containsExactlyInAnyOrder("lapsed@example.com", "free@example.com");
    assertThat(queue.pending()).isEqualTo(4);
    assertThat(free).isNotEqualTo(lapsed);
  }

  @Test
  void aUserWithoutAnAddressIsSkippedNotDeadLetteredAndTheStoredAddressIsUsed() {
    String none = blockedUser("noaddr", null);
    String stored = blockedUser("stored", null);
    stores.seed(stored, new EmailProfile("stored@example.com", null, null, null, null));
    DispatchSummary s = runFor(dispatcher(CONFIG));
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.deadLettered()).isZero();
    assertThat(sender.accepted()).extracting(OutgoingEmail::to).containsExactly("stored@example.com");
    assertThat(queue.deadLetters(10)).isEmpty();
    assertThat(none).isNotBlank();
  }

  @Test
  void twoRacingDispatchersSendEachStepOnce() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add(blockedUser("race", "race" + i + "@example.com"));
    }
    GatingConfig small = withDispatch(CONFIG, new EmailConfig.Dispatch(1000, 5, Duration.ofMinutes(1),
        Duration.ofMinutes(5), 3));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<DispatchSummary>> runs = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      UpgradeEmailDispatcher d = dispatcher(small);
      runs.add(pool.submit(() -> {
        go.await();
        return d.run(T0.plus(Duration.ofMinutes(10)));
      }));
    }
    go.countDown();
    int sent = 0;
    for (Future<DispatchSummary> f : runs) {
      sent += f.get(60, TimeUnit.SECONDS).sent();
    }
    pool.shutdown();
    assertThat(sent).isEqualTo(40);
    assertThat(sender.accepted()).extracting(OutgoingEmail::idempotencyKey).doesNotHaveDuplicates().hasSize(40);
    assertThat(sender.calls()).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(3));
  }

  @Test
  void aRunKilledAfterClaimingLosesNothingAndDuplicatesNothing() {
    for (int i = 0; i < 5; i++) {
      blockedUser("killed", "killed" + i + "@example.com");
    }
    Duration lease = CONFIG.email().orElseThrow().dispatch().lease();
    assertThat(queue.claim(clock.instant(), 100, lease)).hasSize(5);
    UpgradeEmailDispatcher d = dispatcher(CONFIG);
    clock.advance(Duration.ofMinutes(1));
    assertThat(runFor(d).claimed()).isZero();
    clock.advance(lease);
    assertThat(runFor(d).sent()).isEqualTo(5);
    clock.advance(lease.multipliedBy(2));
    assertThat(runFor(d).claimed()).isZero();
    assertThat(sender.accepted()).hasSize(5).extracting(OutgoingEmail::idempotencyKey).doesNotHaveDuplicates();
  }

  @Test
  void failuresRetryWithBackoffThenLandInTheDeadLetterSet() {
    String user = blockedUser("dead", "dead@example.com");
    sender.answer(m -> new SendResult.Retry("503 Service Unavailable", Duration.ZERO, false));
    UpgradeEmailDispatcher d = dispatcher(CONFIG);
    List<Instant> attempts = new ArrayList<>();
    int retried = 0;
    for (int i = 0; i < 40 && queue.deadLetters(10).isEmpty(); i++) {
      int before = sender.calls().size();
      DispatchSummary s = runFor(d);
      retried += s.retried();
      if (sender.calls().size() > before) {
        attempts.add(clock.instant());
      }
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(attempts).hasSize(CONFIG.email().orElseThrow().dispatch().maxAttempts());
    assertThat(retried).isEqualTo(attempts.size() - 1);
    for (int i = 2; i < attempts.size(); i++) {
      assertThat(Duration.between(attempts.get(i - 1), attempts.get(i)))
          .isGreaterThan(Duration.between(attempts.get(i - 2), attempts.get(i - 1)));
    }
    List<EmailJob> dead = queue.deadLetters(10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).userId()).isEqualTo(user);
    assertThat(dead.get(0).attempts()).isEqualTo(5);
    assertThat(dead.get(0).lastError()).isEqualTo("503 Service Unavailable");
  }

  @Test
  void aPermanentRejectionIsDeadLetteredAtOnceAnd429WaitsRetryAfter() {
    blockedUser("perm", "bad@example.com");
    blockedUser("ok", "ok@example.com");
    int[] calls = {0};
    sender.answer(m -> {
      if (m.to().equals("bad@example.com")) {
        return new SendResult.Failed("invalid `to` field");
      }
      return ++calls[0] == 1 ? new SendResult.Retry("429", Duration.ofSeconds(7), true) : new SendResult.Sent("x");
    });
    Instant start = clock.instant();
    DispatchSummary s = runFor(dispatcher(withDispatch(CONFIG, new EmailConfig.Dispatch(2, 5, Duration.ofMinutes(1),
        Duration.ofMinutes(5), 1))));
    assertThat(s.sent()).isEqualTo(1);
    assertThat(s.deadLettered()).isEqualTo(1);
    assertThat(queue.deadLetters(10)).extracting(EmailJob::lastError).containsExactly("invalid `to` field");
    assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void stopsClaimingAtTheDeadlineAndHandsBackWhatItCannotSendInTime() {
    for (int i = 0; i < 6; i++) {
      blockedUser("deadline", "d" + i + "@example.com");
    }
    GatingConfig slow = withDispatch(CONFIG, new EmailConfig.Dispatch(0.1, 5, Duration.ofMinutes(1),
        Duration.ofMinutes(5), 2));
    DispatchSummary s = dispatcher(slow).run(T0.plusSeconds(15));
    assertThat(s.sent()).isEqualTo(4);
    assertThat(s.released()).isEqualTo(2);
    assertThat(s.claimed()).isEqualTo(6);
    assertThat(queue.claim(clock.instant(), 100, Duration.ofMinutes(5))).hasSize(2);
  }
}
