package dev.tollgate.email;

import dev.tollgate.config.GatingConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One dispatcher run: claims due emails with a lease, skips (and ends the sequences of) users
 * who paid, converted or unsubscribed, renders the rest, sends them in provider batches at the
 * configured rate, and finishes, retries (exponential backoff) or dead-letters each one. Keep
 * one per container: its rate limiter spans runs.
 *
 * <p>Never two copies of a step: each batch is journaled ({@link EmailQueue#beginSend}) with its
 * idempotency key and exact emails before the provider call, and its jobs stay bound to that
 * entry until settled. A run that dies after the call, or a call whose outcome is unknown (no
 * answer, 5xx), leaves the entry; a later run replays exactly that batch under the same key
 * (the provider de-duplicates it) instead of re-batching the jobs under a new key.
 */
public final class UpgradeEmailDispatcher {
  private static final int MAX_RATE_LIMITED_RETRIES = 3;
  /** Journal entries claimed per replay claim, and the most replayed per run (the rest wait a run). */
  private static final int REPLAYS_PER_CLAIM = 10;
  private static final int MAX_REPLAYS_PER_RUN = 50;

  private final GatingConfig.Email email;
  private final String defaultPlan;
  private final EmailQueue queue;
  private final EmailProfiles profiles;
  private final EmailSender sender;
  private final EmailRenderer renderer;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RateLimiter limiter;

  /**
   * A dispatcher for {@code config}'s email section (which must exist), signing unsubscribe
   * links with {@code links}.
   */
  public UpgradeEmailDispatcher(GatingConfig config, EmailQueue queue, EmailProfiles profiles, EmailSender sender,
      UnsubscribeLinks links, Clock clock, Sleeper sleeper) {
    this.email = config.email().orElseThrow(() -> new IllegalArgumentException(
        "gating.yaml has no 'email' section: there is nothing to dispatch"));
    this.defaultPlan = config.defaultPlan().name();
    this.queue = queue;
    this.profiles = profiles;
    this.sender = sender;
    this.renderer = new EmailRenderer(email, links);
    this.clock = clock;
    this.sleeper = sleeper;
    this.limiter = new RateLimiter(email.dispatch().ratePerSecond(), 1);
  }

  /** Sends what is due, claiming nothing at or after {@code deadline}. */
  public DispatchSummary run(Instant deadline) {
    Run r = new Run(deadline);
    r.replayUnfinished();
    while (!r.outOfTime && clock.instant().isBefore(deadline)) {
      Instant now = clock.instant();
      List<EmailJob> jobs = queue.claim(now, email.dispatch().batchSize(), email.dispatch().lease());
      if (jobs.isEmpty()) {
        break;
      }
      r.claimed += jobs.size();
      r.prepareAndSend(jobs, now);
    }
    return new DispatchSummary(r.claimed, r.sent, r.skipped, r.retried, r.deadLettered, r.released, r.calls);
  }

  /** The counters and steps of one run. */
  private final class Run {
    final Instant deadline;
    int claimed;
    int sent;
    int skipped;
    int retried;
    int deadLettered;
    int released;
    int calls;
    boolean outOfTime;

    Run(Instant deadline) {
      this.deadline = deadline;
    }

    /**
     * Replays journaled batches a run left unsettled (it died, or the provider's answer was
     * unknown) once their grace (the lease) is over. The claim leases each entry, so two
     * overlapping runs do not replay one at the same time; were they to, the same key and the same
     * emails still make the provider de-duplicate.
     */
    void replayUnfinished() {
      int replayed = 0;
      while (replayed < MAX_REPLAYS_PER_RUN && !outOfTime && clock.instant().isBefore(deadline)) {
        List<SendBatch> batches = queue.claimSends(clock.instant(), REPLAYS_PER_CLAIM, email.dispatch().lease());
        if (batches.isEmpty()) {
          return;
        }
        for (SendBatch batch : batches) {
          if (outOfTime) {
            return; // the rest stay journaled; a later run claims them when this claim's lease ends
          }
          replayed++;
          claimed += batch.jobs().size();
          deliver(batch, true);
        }
      }
    }

    void prepareAndSend(List<EmailJob> jobs, Instant now) {
      List<EmailJob> toSend = new ArrayList<>();
      List<OutgoingEmail> emails = new ArrayList<>();
      List<String> drops = new ArrayList<>();
      for (EmailJob job : jobs) {
        EmailProfile profile = profiles.lookup(job.userId());
        EmailProfile.Verdict verdict = profile.verdict(job, defaultPlan, now.toEpochMilli());
        switch (verdict) {
          case SEND -> {
            try {
              emails.add(renderer.render(job, profile.recipient(job)));
              toSend.add(job);
            } catch (IllegalArgumentException e) {
              queue.deadLetter(job.withError(e.getMessage()), now);
              deadLettered++;
            }
          }
          case NO_ADDRESS -> {
            drops.add(job.id());
            skipped++;
          }
          default -> {
            drops.add(job.id());
            drops.addAll(Sequences.laterStepIds(job, renderer.steps(job.template())));
            skipped++;
          }
        }
      }
      if (!drops.isEmpty()) {
        queue.drop(drops, now);
      }
      if (!emails.isEmpty()) {
        deliver(SendBatch.of(toSend, emails), false);
      }
    }

    /** Sends {@code batch}, journaling it first unless it is a replay of a journaled one. */
    void deliver(SendBatch batch, boolean journaled) {
      for (int rateLimited = 0; ; rateLimited++) {
        if (!pace()) {
          if (journaled) {
            queue.postponeSend(batch, clock.instant()); // replayable at once by the next run
          } else {
            queue.release(batch.jobs(), clock.instant());
          }
          released += batch.jobs().size();
          outOfTime = true;
          return;
        }
        if (!journaled) {
          batch = journal(batch);
          if (batch == null) {
            return;
          }
          journaled = true;
        }
        calls++;
        List<SendResult> results = call(batch);
        Duration pause = rateLimitPause(results);
        if (pause != null && rateLimited < MAX_RATE_LIMITED_RETRIES) {
          limiter.pauseUntil(clock.instant().plus(pause));
          continue;
        }
        settle(batch, results);
        return;
      }
    }

    /**
     * Journals {@code batch}, first leaving out jobs whose lease ran out before it could be written
     * (another run may hold them now: they are its to send); null if none is left.
     */
    SendBatch journal(SendBatch batch) {
      List<String> lost;
      while (!batch.jobs().isEmpty()
          && !(lost = queue.beginSend(batch, clock.instant(), email.dispatch().lease())).isEmpty()) {
        batch = batch.without(lost);
      }
      return batch.jobs().isEmpty() ? null : batch;
    }

    /** Waits for a token; false if the wait would pass the deadline. */
    boolean pace() {
      Duration wait = limiter.tryAcquire(clock.instant());
      while (!wait.isZero()) {
        if (clock.instant().plus(wait).isAfter(deadline)) {
          return false;
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        wait = limiter.tryAcquire(clock.instant());
      }
      return true;
    }

    List<SendResult> call(SendBatch batch) {
      List<OutgoingEmail> emails = batch.emails();
      try {
        List<SendResult> results = sender.send(batch.idempotencyKey(), emails);
        if (results.size() != emails.size()) {
          throw new IllegalStateException("the provider answered " + results.size() + " results for "
              + emails.size() + " emails");
        }
        return results;
      } catch (RuntimeException e) {
        List<SendResult> all = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
          all.add(new SendResult.Retry(e.toString(), Duration.ZERO, false));
        }
        return all;
      }
    }

    /** The retry-after when the whole batch was rate limited (429), else null. */
    Duration rateLimitPause(List<SendResult> results) {
      Duration pause = null;
      for (SendResult r : results) {
        if (!(r instanceof SendResult.Retry retry) || !retry.rateLimited()) {
          return null;
        }
        pause = retry.retryAfter().isZero() ? Duration.ofSeconds(1) : retry.retryAfter();
      }
      return pause;
    }

    /**
     * Settles each job by its result, then deletes the journal entry (a crash in between leaves an
     * entry whose settled jobs make the replay claim delete it). When no email got a definite
     * answer, the whole batch is kept for an exact replay instead (see {@link #retryWhole}).
     */
    void settle(SendBatch batch, List<SendResult> results) {
      if (results.stream().allMatch(SendResult.Retry.class::isInstance)) {
        retryWhole(batch, (SendResult.Retry) results.get(0));
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
          deadLettered++;
        } else if (result instanceof SendResult.Retry retry) {
          int attempt = job.attempts() + 1;
          if (attempt >= email.dispatch().maxAttempts()) {
            queue.deadLetter(job.failedAttempt(retry.reason(), job.dueAt()), now);
            deadLettered++;
          } else {
            Duration delay = Backoff.delay(email.dispatch().backoff(), attempt, retry.retryAfter());
            queue.retry(job.failedAttempt(retry.reason(), now.plus(delay).toEpochMilli()));
            retried++;
          }
        }
      }
      if (!accepted.isEmpty()) {
        sent += accepted.size();
        for (EmailJob job : queue.sent(accepted, now)) {
          profiles.promptSent(job.userId(), job.loop(), job.step());
        }
      }
      queue.endSend(batch.idempotencyKey());
    }

    /**
     * A batch the provider may or may not have taken (no answer, a 5xx): its jobs must not be
     * re-batched under another key, so the journal entry itself is retried with backoff, replayed
     * as is; after the last attempt its jobs are dead-lettered.
     */
    void retryWhole(SendBatch batch, SendResult.Retry retry) {
      Instant now = clock.instant();
      int attempt = batch.jobs().stream().mapToInt(EmailJob::attempts).max().orElse(0) + 1;
      if (attempt >= email.dispatch().maxAttempts()) {
        for (EmailJob job : batch.jobs()) {
          queue.deadLetter(job.failedAttempt(retry.reason(), job.dueAt()), now);
          deadLettered++;
        }
        queue.endSend(batch.idempotencyKey());
        return;
      }
      Instant at = now.plus(Backoff.delay(email.dispatch().backoff(), attempt, retry.retryAfter()));
      List<EmailJob> jobs = new ArrayList<>();
      for (EmailJob job : batch.jobs()) {
        jobs.add(job.failedAttempt(retry.reason(), at.toEpochMilli()));
      }
      queue.postponeSend(batch.withJobs(jobs), at);
      retried += jobs.size();
    }
  }
}
