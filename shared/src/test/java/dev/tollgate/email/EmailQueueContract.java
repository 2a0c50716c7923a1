package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link EmailQueue} contract; each backend runs it against a fresh, empty queue. */
public abstract class EmailQueueContract {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);

  EmailQueue queue;

  /** A fresh, empty queue. */
  protected abstract EmailQueue newQueue();

  @BeforeEach
  void fresh() {
    queue = newQueue();
  }

  static EmailJob job(String user, int step, Duration after) {
    return new EmailJob(user, user + "@example.com", "features", "upgrade_prompt", step, T0.toEpochMilli(),
        T0.toEpochMilli(), T0.plus(after).toEpochMilli(), 100, 100, T0.plus(Duration.ofDays(30)).toEpochMilli(),
        "free", 0, null);
  }

  static List<EmailJob> sequence(String user) {
    return List.of(job(user, 0, Duration.ZERO), job(user, 1, Duration.ofDays(3)), job(user, 2, Duration.ofDays(7)));
  }

  @Test
  void aStepIsScheduledOnlyOnceEvenAfterItWasSent() {
    assertThat(queue.schedule(sequence("u1"), T0)).isEqualTo(3);
    assertThat(queue.schedule(sequence("u1"), T0)).isZero();
    List<EmailJob> first = queue.claim(T0, 10, LEASE);
    assertThat(queue.sent(first, T0)).hasSize(1);
    assertThat(queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0)).isZero();
    assertThat(queue.claim(T0.plus(Duration.ofHours(1)), 10, LEASE)).isEmpty();
  }

  @Test
  void claimsOnlyWhatIsDueInDueOrderAndRoundTripsTheJob() {
    queue.schedule(sequence("u1"), T0);
    queue.schedule(List.of(job("u2", 0, Duration.ofMinutes(1))), T0);
    assertThat(queue.claim(T0.minusMillis(1), 10, LEASE)).isEmpty();
    List<EmailJob> first = queue.claim(T0.plus(Duration.ofMinutes(2)), 10, LEASE);
    assertThat(first).containsExactly(job("u1", 0, Duration.ZERO), job("u2", 0, Duration.ofMinutes(1)));
    queue.sent(first, T0);
    assertThat(queue.claim(T0.plus(Duration.ofDays(3)), 10, LEASE)).containsExactly(job("u1", 1, Duration.ofDays(3)));
    assertThat(queue.pending()).isEqualTo(2);
  }

  @Test
  void aLeasedJobIsNotClaimedAgainUntilTheLeaseRunsOut() {
    queue.schedule(sequence("u1"), T0);
    assertThat(queue.claim(T0, 10, LEASE)).hasSize(1);
    assertThat(queue.claim(T0.plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
    assertThat(queue.claim(T0.plus(LEASE), 10, LEASE)).containsExactly(job("u1", 0, Duration.ZERO));
  }

  @Test
  void sentJobsAreFinishedOnceAndCountedOnce() {
    queue.schedule(sequence("u1"), T0);
    List<EmailJob> claimed = queue.claim(T0, 10, LEASE);
    assertThat(queue.sent(claimed, T0)).isEqualTo(claimed);
    assertThat(queue.sent(claimed, T0)).isEmpty();
    assertThat(queue.claim(T0.plus(LEASE).plusSeconds(1), 10, LEASE)).isEmpty();
    assertThat(queue.pending()).isEqualTo(2);
  }

  @Test
  void aRetriedJobComesBackAtItsNewDueTimeWithItsAttemptCount() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0);
    EmailJob claimed = queue.claim(T0, 10, LEASE).get(0);
    EmailJob failed = claimed.failedAttempt("503 from provider", T0.plusSeconds(60).toEpochMilli());
    queue.retry(failed);
    assertThat(queue.claim(T0.plusSeconds(59), 10, LEASE)).isEmpty();
    assertThat(queue.claim(T0.plusSeconds(60), 10, LEASE)).containsExactly(failed);
    assertThat(failed.attempts()).isEqualTo(1);
  }

  @Test
  void deadLetteredJobsAreListedNewestFirstAndNeverClaimed() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO), job("u2", 0, Duration.ZERO)), T0);
    List<EmailJob> claimed = queue.claim(T0, 10, LEASE);
    queue.deadLetter(claimed.get(0).withError("bad address"), T0.plusSeconds(1));
    queue.deadLetter(claimed.get(1).withError("bad address 2"), T0.plusSeconds(2));
    assertThat(queue.deadLetters(10)).extracting(EmailJob::lastError).containsExactly("bad address 2", "bad address");
    assertThat(queue.claim(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    assertThat(queue.pending()).isZero();
  }

  @Test
  void releasedJobsAreDueAgainAtOnce() {
    queue.schedule(sequence("u1"), T0);
    List<EmailJob> claimed = queue.claim(T0, 10, LEASE);
    queue.release(claimed, T0.plus(LEASE), T0.plusSeconds(1));
    assertThat(queue.claim(T0.plusSeconds(1), 10, LEASE)).isEqualTo(claimed);
  }

  @Test
  void onlyTheHolderOfALeaseCanReleaseIt() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0);
    List<EmailJob> stale = queue.claim(T0, 10, LEASE);
    List<EmailJob> current = queue.claim(T0.plus(LEASE), 10, LEASE);
    assertThat(current).isEqualTo(stale);
    queue.release(stale, T0.plus(LEASE), T0.plus(LEASE));
    assertThat(queue.claim(T0.plus(LEASE), 10, LEASE)).as("still leased by the second claim").isEmpty();
    queue.release(current, T0.plus(LEASE).plus(LEASE), T0.plus(LEASE));
    assertThat(queue.claim(T0.plus(LEASE), 10, LEASE)).isEqualTo(stale);
  }

  @Test
  void droppedJobsAreNeverClaimedNorScheduledAgain() {
    queue.schedule(sequence("u1"), T0);
    List<String> ids = sequence("u1").stream().map(EmailJob::id).toList();
    queue.drop(ids, T0);
    assertThat(queue.claim(T0.plus(Duration.ofDays(8)), 10, LEASE)).isEmpty();
    assertThat(queue.schedule(sequence("u1"), T0)).isZero();
    assertThat(queue.pending()).isZero();
  }

  @Test
  void concurrentClaimersNeverGetTheSameJob() throws Exception {
    List<EmailJob> jobs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      jobs.add(job("racer-" + i, 0, Duration.ZERO));
    }
    queue.schedule(jobs, T0);
    ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 6; t++) {
      pool.submit(() -> {
        start.await();
        List<EmailJob> batch;
        while (!(batch = queue.claim(T0, 7, LEASE)).isEmpty()) {
          batch.forEach(j -> got.add(j.id()));
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Set<String> unique = new HashSet<>(got);
    assertThat(got).hasSize(300);
    assertThat(unique).hasSize(300);
  }
}
