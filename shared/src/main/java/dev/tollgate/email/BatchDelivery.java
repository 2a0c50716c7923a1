package dev.tollgate.email;

import dev.tollgate.config.EmailConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers one batch: waits for the rate limiter (within the run's deadline), journals the batch
 * unless it is a replay of a journaled one, calls the provider (waiting out a whole-batch 429 a
 * few times) and hands the answer to {@link Settlement}. Keep one per dispatcher: its rate
 * limiter spans runs.
 */
final class BatchDelivery {
  private static final int MAX_RATE_LIMITED_RETRIES = 3;

  private final EmailQueue queue;
  private final SendJournal journal;
  private final EmailSender sender;
  private final Settlement settlement;
  private final EmailConfig.Dispatch dispatch;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RateLimiter limiter;

  BatchDelivery(EmailQueue queue, SendJournal journal, EmailSender sender, Settlement settlement,
      EmailConfig.Dispatch dispatch, Clock clock, Sleeper sleeper) {
    this.queue = queue;
    this.journal = journal;
    this.sender = sender;
    this.settlement = settlement;
    this.dispatch = dispatch;
    this.clock = clock;
    this.sleeper = sleeper;
    this.limiter = new RateLimiter(dispatch.ratePerSecond(), 1);
  }

  /**
   * Sends {@code batch}, jobs of one claim leased until {@code leasedUntil} (the claim's token),
   * journaling it first. A batch that cannot be paced in before the deadline is released (the jobs
   * still leased under the token) and the run stops.
   */
  void deliver(SendBatch batch, Instant leasedUntil, DispatchRun run) {
    send(batch, leasedUntil, run);
  }

  /**
   * Replays a journaled batch as it is. One that cannot be paced in before the deadline goes back
   * to the journal, replayable at once, and the run stops.
   */
  void replay(SendBatch batch, DispatchRun run) {
    send(batch, null, run);
  }

  /** Sends {@code batch}; {@code leasedUntil} is null for a journaled one, else its claim's token. */
  private void send(SendBatch batch, Instant leasedUntil, DispatchRun run) {
    boolean journaled = leasedUntil == null;
    for (int rateLimited = 0; ; rateLimited++) {
      if (!pace(run)) {
        if (journaled) {
          journal.postpone(batch, clock.instant());
        } else {
          queue.release(batch.jobs(), leasedUntil, clock.instant());
        }
        run.released += batch.jobs().size();
        run.stop();
        return;
      }
      if (!journaled) {
        batch = journal(batch, leasedUntil);
        if (batch == null) {
          return;
        }
        journaled = true;
      }
      run.calls++;
      List<SendResult> results = call(batch);
      Duration pause = rateLimitPause(results);
      if (pause != null && rateLimited < MAX_RATE_LIMITED_RETRIES) {
        limiter.pauseUntil(clock.instant().plus(pause));
        continue;
      }
      settlement.settle(batch, results, run);
      return;
    }
  }

  /**
   * Journals {@code batch}, first leaving out jobs whose lease ran out before it could be written
   * (another run may hold them now: they are its to send); null if none is left.
   */
  private SendBatch journal(SendBatch batch, Instant leasedUntil) {
    List<String> lost;
    while (!batch.jobs().isEmpty()
        && !(lost = journal.begin(batch, leasedUntil, clock.instant(), dispatch.lease())).isEmpty()) {
      batch = batch.without(lost);
    }
    return batch.jobs().isEmpty() ? null : batch;
  }

  /** Waits for a token; false if the wait would pass the deadline. */
  private boolean pace(DispatchRun run) {
    Duration wait = limiter.tryAcquire(clock.instant());
    while (!wait.isZero()) {
      if (clock.instant().plus(wait).isAfter(run.deadline)) {
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

  /** The provider's answer, one result per email; a failed call is a retry of every email. */
  private List<SendResult> call(SendBatch batch) {
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
  private static Duration rateLimitPause(List<SendResult> results) {
    Duration pause = null;
    for (SendResult r : results) {
      if (!(r instanceof SendResult.Retry retry) || !retry.rateLimited()) {
        return null;
      }
      pause = retry.retryAfter().isZero() ? Duration.ofSeconds(1) : retry.retryAfter();
    }
    return pause;
  }
}
