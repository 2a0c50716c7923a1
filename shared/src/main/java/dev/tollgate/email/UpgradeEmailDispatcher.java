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
 */
public final class UpgradeEmailDispatcher {
  private static final int MAX_RATE_LIMITED_RETRIES = 3;

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
        send(toSend, emails);
      }
    }

    void send(List<EmailJob> jobs, List<OutgoingEmail> emails) {
      for (int rateLimited = 0; ; rateLimited++) {
        if (!pace()) {
          queue.release(jobs, clock.instant());
          released += jobs.size();
          outOfTime = true;
          return;
        }
        calls++;
        List<SendResult> results = call(emails);
        Duration pause = rateLimitPause(results);
        if (pause != null && rateLimited < MAX_RATE_LIMITED_RETRIES) {
          limiter.pauseUntil(clock.instant().plus(pause));
          continue;
        }
        settle(jobs, results);
        return;
      }
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

    List<SendResult> call(List<OutgoingEmail> emails) {
      try {
        List<SendResult> results = sender.send(emails);
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

    void settle(List<EmailJob> jobs, List<SendResult> results) {
      Instant now = clock.instant();
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
    }
  }
}
