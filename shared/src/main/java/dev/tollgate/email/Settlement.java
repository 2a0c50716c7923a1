package dev.tollgate.email;

import dev.tollgate.config.EmailConfig;
import dev.tollgate.conversion.Funnel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles a journaled batch by the provider's answer: accepted jobs are counted in the funnel
 * (once per job, on the day each was due, so a replay after a crash counts nothing), then
 * finished and recorded in the user's timeline; rejected ones are dead-lettered, unanswered ones
 * retried with backoff; then the journal entry is ended. A batch with no definite answer at all is kept whole for an exact
 * replay instead ({@link #retryWhole}).
 */
final class Settlement {
  private final EmailQueue queue;
  private final SendJournal journal;
  private final EmailProfiles profiles;
  private final Funnel funnel;
  private final EmailConfig.Dispatch dispatch;
  private final Clock clock;

  Settlement(EmailQueue queue, SendJournal journal, EmailProfiles profiles, Funnel funnel,
      EmailConfig.Dispatch dispatch, Clock clock) {
    this.queue = queue;
    this.journal = journal;
    this.profiles = profiles;
    this.funnel = funnel;
    this.dispatch = dispatch;
    this.clock = clock;
  }

  /**
   * Settles each job by its result, then deletes the journal entry (a crash in between leaves an
   * entry whose settled jobs make the replay claim delete it). When no email got a definite
   * answer, the whole batch is kept for an exact replay instead.
   */
  void settle(SendBatch batch, List<SendResult> results, DispatchRun run) {
    if (results.stream().allMatch(SendResult.Retry.class::isInstance)) {
      retryWhole(batch, (SendResult.Retry) results.get(0), run);
      return;
    }
    Instant now = clock.instant();
    List<EmailJob> jobs = batch.jobs();
    List<EmailJob> accepted = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      EmailJob job = jobs.get(i);
      SendResult result = results.get(i);
      if (result instanceof SendResult.Sent) {
        accepted.add(job);
      } else if (result instanceof SendResult.Failed failed) {
        queue.deadLetter(job.withError(failed.reason()), now);
        run.deadLettered++;
      } else if (result instanceof SendResult.Retry retry) {
        retryOne(job, retry, now, run);
      }
    }
    if (!accepted.isEmpty()) {
      run.sent += accepted.size();
      for (EmailJob job : accepted) {
        funnel.promptSent(job.loop(), Instant.ofEpochMilli(job.dueAt()), job.id());
      }
      for (EmailJob job : queue.sent(accepted, now)) {
        profiles.promptSent(job.userId(), job.loop(), job.step());
        run.promptsSent.merge(job.loop(), 1, Integer::sum);
      }
    }
    journal.end(batch.idempotencyKey());
  }

  private void retryOne(EmailJob job, SendResult.Retry retry, Instant now, DispatchRun run) {
    int attempt = job.attempts() + 1;
    if (attempt >= dispatch.maxAttempts()) {
      queue.deadLetter(job.failedAttempt(retry.reason(), job.dueAt()), now);
      run.deadLettered++;
    } else {
      Duration delay = Backoff.delay(dispatch.backoff(), attempt, retry.retryAfter());
      queue.retry(job.failedAttempt(retry.reason(), now.plus(delay).toEpochMilli()));
      run.retried++;
    }
  }

  /**
   * A batch the provider may or may not have taken (no answer, a 5xx): its jobs must not be
   * re-batched under another key, so the journal entry itself is retried with backoff, replayed
   * as is; after the last attempt its jobs are dead-lettered.
   */
  private void retryWhole(SendBatch batch, SendResult.Retry retry, DispatchRun run) {
    Instant now = clock.instant();
    int attempt = batch.jobs().stream().mapToInt(EmailJob::attempts).max().orElse(0) + 1;
    if (attempt >= dispatch.maxAttempts()) {
      for (EmailJob job : batch.jobs()) {
        queue.deadLetter(job.failedAttempt(retry.reason(), job.dueAt()), now);
        run.deadLettered++;
      }
      journal.end(batch.idempotencyKey());
      return;
    }
    Instant at = now.plus(Backoff.delay(dispatch.backoff(), attempt, retry.retryAfter()));
    List<EmailJob> jobs = new ArrayList<>();
    for (EmailJob job : batch.jobs()) {
      jobs.add(job.failedAttempt(retry.reason(), at.toEpochMilli()));
    }
    journal.postpone(batch.withJobs(jobs), at);
    run.retried += jobs.size();
  }
}
