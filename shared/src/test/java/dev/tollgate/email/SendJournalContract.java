package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SendJournal} contract: a journal over its own queue; each backend runs it against a
 * fresh, empty queue and that queue's journal.
 */
public abstract class SendJournalContract {
  static final Instant T0 = EmailQueueContract.T0;
  static final Duration LEASE = EmailQueueContract.LEASE;
  /** The lease token of a claim at T0: its lease end. */
  static final Instant TOKEN = T0.plus(LEASE);

  EmailQueue queue;
  SendJournal journal;

  /** The stores to run on. */
  protected abstract EmailStores stores();

  @BeforeEach
  void fresh() {
    EmailStores stores = stores();
    queue = stores.newQueue();
    journal = stores.journalOf(queue);
  }

  static EmailJob job(String user, int step, Duration after) {
    return EmailQueueContract.job(user, step, after);
  }

  /** A journaled batch of {@code jobs} as the dispatcher builds it (no reply-to: null must round-trip). */
  static SendBatch batchOf(List<EmailJob> jobs) {
    List<OutgoingEmail> emails = new ArrayList<>();
    for (EmailJob j : jobs) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("List-Unsubscribe", "<https://api.acme.dev/email/unsubscribe?u=" + j.userId() + ">");
      headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      emails.add(new OutgoingEmail(j.id(), j.idempotencyKey(), "Acme <billing@acme.dev>", j.email(), null,
          "Step " + j.step() + " \u2014 \"quoted\"", "<p>Hi &amp; bye</p>", "Hi\nbye", headers,
          Map.of("loop", j.loop())));
    }
    return SendBatch.of(jobs, emails);
  }

  /** Schedules, claims and journals two jobs due at T0, replayable at once. */
  SendBatch journalTwoJobs() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO), job("u2", 0, Duration.ZERO)), T0);
    SendBatch batch = batchOf(queue.claim(T0, 10, LEASE));
    journal.begin(batch, TOKEN, T0, Duration.ZERO);
    return batch;
  }

  @Test
  void aJournaledBatchRoundTripsAndItsJobsAreNeverHandedOutByALeaseExpiry() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO), job("u2", 0, Duration.ZERO)), T0);
    SendBatch batch = batchOf(queue.claim(T0, 10, LEASE));
    journal.begin(batch, TOKEN, T0, LEASE);
    assertThat(queue.pending()).as("in flight still counts as pending").isEqualTo(2);
    assertThat(queue.claim(T0.plus(LEASE).plusSeconds(1), 10, LEASE)).as("not back in the due set").isEmpty();
    assertThat(journal.claim(T0.plus(LEASE).minusMillis(1), 10, LEASE)).as("still in its grace").isEmpty();
    assertThat(journal.claim(T0.plus(LEASE), 10, LEASE)).containsExactly(batch);
  }

  @Test
  void aClaimedJournalEntryIsLeasedSoOnlyOneReplayerGetsIt() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0);
    SendBatch batch = batchOf(queue.claim(T0, 10, LEASE));
    journal.begin(batch, TOKEN, T0, Duration.ZERO);
    assertThat(journal.claim(T0, 10, LEASE)).containsExactly(batch);
    assertThat(journal.claim(T0.plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
    assertThat(journal.claim(T0.plus(LEASE), 10, LEASE)).as("a replayer that died is replaced").containsExactly(batch);
  }

  @Test
  void anEntryWhoseJobsWereAllSettledIsDeletedNotReplayed() {
    SendBatch batch = journalTwoJobs();
    List<EmailJob> jobs = batch.jobs();
    queue.sent(List.of(jobs.get(0)), T0);
    queue.deadLetter(jobs.get(1).withError("bad address"), T0);
    // the run died here, before end
    assertThat(journal.claim(T0.plusSeconds(1), 10, LEASE)).isEmpty();
    assertThat(journal.claim(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    assertThat(queue.pending()).isZero();
  }

  @Test
  void aPartlySettledEntryIsStillReplayedWhole() {
    SendBatch batch = journalTwoJobs();
    List<EmailJob> jobs = batch.jobs();
    assertThat(queue.sent(List.of(jobs.get(0)), T0)).hasSize(1);
    assertThat(journal.claim(T0, 10, LEASE)).containsExactly(batch);
    assertThat(queue.sent(jobs, T0)).as("settling the replay counts only the job not finished before")
        .containsExactly(jobs.get(1));
    journal.end(batch.idempotencyKey());
    journal.end(batch.idempotencyKey());
    assertThat(journal.claim(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    assertThat(queue.pending()).isZero();
  }

  @Test
  void aPostponedEntryIsReplayedAtItsTimeWithItsNewAttempts() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0);
    SendBatch batch = batchOf(queue.claim(T0, 10, LEASE));
    journal.begin(batch, TOKEN, T0, LEASE);
    Instant at = T0.plus(Duration.ofHours(1));
    SendBatch failed = batch.withJobs(List.of(batch.jobs().get(0).failedAttempt("Resend 503", at.toEpochMilli())));
    journal.postpone(failed, at);
    assertThat(journal.claim(T0.plus(LEASE), 10, LEASE)).isEmpty();
    assertThat(journal.claim(at, 10, LEASE)).containsExactly(failed);
    assertThat(failed.idempotencyKey()).isEqualTo(batch.idempotencyKey());
  }

  @Test
  void postponingAnEndedEntryDoesNotBringItBack() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO)), T0);
    List<EmailJob> jobs = queue.claim(T0, 10, LEASE);
    SendBatch batch = batchOf(jobs);
    journal.begin(batch, TOKEN, T0, LEASE);
    queue.sent(jobs, T0);
    journal.end(batch.idempotencyKey());
    journal.postpone(batch, T0);
    assertThat(journal.claim(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
  }

  @Test
  void retriedJobsLeaveTheJournalButAReleaseCannotTakeAJobInFlight() {
    List<EmailJob> jobs = journalTwoJobs().jobs();
    queue.release(List.of(jobs.get(0)), TOKEN, T0);
    EmailJob retried = jobs.get(1).failedAttempt("Resend rejected it", T0.plusSeconds(60).toEpochMilli());
    queue.retry(retried);
    assertThat(journal.claim(T0.plusSeconds(60), 10, LEASE)).as("the first job is still in flight in its entry")
        .hasSize(1);
    assertThat(queue.claim(T0.plusSeconds(60), 10, LEASE)).containsExactly(retried);
  }

  @Test
  void aRunWhoseLeaseRanOutCanNeitherJournalNorReleaseWhatAnotherRunNowHolds() {
    queue.schedule(List.of(job("u1", 0, Duration.ZERO), job("u2", 0, Duration.ZERO)), T0);
    List<EmailJob> mine = queue.claim(T0, 10, LEASE);
    Instant later = T0.plus(LEASE);
    List<EmailJob> theirs = queue.claim(later, 1, LEASE);
    assertThat(theirs).containsExactly(mine.get(0));
    SendBatch other = batchOf(theirs);
    assertThat(journal.begin(other, later.plus(LEASE), later, Duration.ZERO)).isEmpty();

    assertThat(journal.begin(batchOf(mine), TOKEN, later, Duration.ZERO))
        .as("the stalled run's claim: one job now in another run's flight, one whose lease ran out")
        .containsExactlyInAnyOrderElementsOf(batchOf(mine).jobIds());
    queue.release(mine, TOKEN, later);
    List<EmailJob> rest = queue.claim(later, 10, LEASE);
    assertThat(rest).as("the job in flight stays there; a stale release must not make it due again")
        .containsExactly(mine.get(1));
    assertThat(journal.begin(batchOf(rest), later.plus(LEASE), later, Duration.ZERO)).isEmpty();
    assertThat(journal.claim(later, 10, LEASE)).containsExactlyInAnyOrder(other, batchOf(rest));
  }
}
