package dev.tollgate.events;

import dev.tollgate.email.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the outbox's events on the sink in batches of at most {@link EventSink#MAX_BATCH}: an
 * entry the sink accepted is marked sent; one it refused (PutEvents' per-entry
 * {@code ErrorCode}, counted in {@code FailedEntryCount}) is retried with exponential backoff in
 * later runs, and dead-lettered after {@code maxAttempts}; a call that failed as a whole retries
 * its whole batch the same way and ends the run (the service is unwell: the next run tries
 * again). Each claimed batch is leased, so overlapping runs never put it twice; only a run that
 * dies between the put and marking it sent repeats it once the lease ends (same detail
 * {@code id}, for consumers to de-duplicate).
 */
public final class EventPublisher {
  private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final EventOutbox outbox;
  private final EventSink sink;
  private final UnaryOperator<TollgateEvent> prepare;
  private final Settings settings;
  private final Clock clock;

  /**
   * How delivery retries: {@code maxAttempts} failed attempts before the dead-letter set, the
   * first retry {@code backoff} later (doubling, at most an hour), claims leased for {@code lease}.
   */
  public record Settings(int maxAttempts, Duration backoff, Duration lease) {
    /** Eight attempts from 30 s apart (about two hours in all), 2 minute leases. */
    public static final Settings DEFAULT = new Settings(8, Duration.ofSeconds(30), Duration.ofMinutes(2));
  }

  /** What a run did. */
  public record Summary(int put, int retried, int deadLettered, int calls) {}

  /**
   * A publisher of {@code outbox} to {@code sink}; {@code prepare} completes each event just
   * before it is put (conversions learn their experiment arms) and may throw to end the run.
   */
  public EventPublisher(EventOutbox outbox, EventSink sink, UnaryOperator<TollgateEvent> prepare, Settings settings,
      Clock clock) {
    this.outbox = outbox;
    this.sink = sink;
    this.prepare = prepare;
    this.settings = settings;
    this.clock = clock;
  }

  /** Puts what is due, claiming nothing at or after {@code deadline}. */
  public Summary publish(Instant deadline) {
    int put = 0;
    int retried = 0;
    int dead = 0;
    int calls = 0;
    while (clock.instant().isBefore(deadline)) {
      Instant now = clock.instant();
      List<QueuedEvent> claimed = outbox.claim(now, EventSink.MAX_BATCH, settings.lease());
      if (claimed.isEmpty()) {
        break;
      }
      List<TollgateEvent> batch = new ArrayList<>(claimed.size());
      claimed.forEach(q -> batch.add(prepare.apply(q.event())));
      List<EventSink.Result> results;
      boolean whole = false;
      calls++;
      try {
        results = sink.put(batch);
        if (results.size() != batch.size()) {
          throw new EventSinkException("the sink answered " + results.size() + " results for " + batch.size()
              + " entries", null);
        }
      } catch (EventSinkException e) {
        LOG.log(Level.WARNING, "putting " + batch.size() + " events failed; they are retried", e);
        results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          results.add(new EventSink.Result(false, "CallFailed", String.valueOf(e.getMessage())));
        }
        whole = true;
      }
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < claimed.size(); i++) {
        EventSink.Result r = results.get(i);
        if (r.ok()) {
          sent.add(claimed.get(i).event().id());
          continue;
        }
        QueuedEvent failed = claimed.get(i).failed(r.error());
        if (failed.attempts() >= settings.maxAttempts()) {
          LOG.warning(() -> "event " + failed.event().id() + " dead-lettered after " + failed.attempts()
              + " attempts: " + r.error());
          outbox.deadLetter(failed, now);
          dead++;
        } else {
          outbox.retry(failed, now.plus(backoff(failed.attempts())));
          retried++;
        }
      }
      outbox.sent(sent, now);
      put += sent.size();
      if (whole) {
        break;
      }
    }
    return new Summary(put, retried, dead, calls);
  }

  /** The wait before retry number {@code attempts}: backoff * 2^(attempts-1), at most an hour. */
  Duration backoff(int attempts) {
    Duration d = Backoff.delay(settings.backoff(), attempts, Duration.ZERO);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
