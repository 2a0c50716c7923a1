package dev.tollgate.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Events waiting to be put on EventBridge by the scheduled function. Adding is idempotent per
 * event id, also after the event was sent (ids are remembered for {@link #SENT_MEMORY}), so a
 * writer that retries after a failure never adds a fact twice.
 */
public interface EventOutbox {
  /** How long the ids of sent events are remembered (longer than any writer retries: Stripe's 3 days). */
  Duration SENT_MEMORY = Duration.ofDays(7);

  /** Adds {@code event} unless its id is waiting, dead or was sent; true if added now. */
  boolean add(TollgateEvent event, Instant now);

  /**
   * Adds a {@code plan.changed} event when {@code plan} differs from the plan last announced for
   * {@code account} (or, if none was, from {@code fallbackFrom}; null = unknown), with that plan
   * as the detail's {@code from}, and makes {@code plan} the last announced; atomically. {@code
   * event}'s detail is the rest of the detail. True if an event was added.
   */
  boolean addPlanChange(String account, String plan, String fallbackFrom, TollgateEvent event, Instant now);

  /** Up to {@code max} events due at {@code now}, each hidden from other claims for {@code lease}. */
  List<QueuedEvent> claim(Instant now, int max, Duration lease);

  /** Marks {@code ids} delivered: removed, remembered as sent. */
  void sent(List<String> ids, Instant now);

  /** Puts a failed {@code event} back, due again at {@code retryAt}. */
  void retry(QueuedEvent event, Instant retryAt);

  /** Moves {@code event} to the dead-letter set (kept for operators, shown by {@code tollgate report}). */
  void deadLetter(QueuedEvent event, Instant now);

  /** Up to {@code max} dead-lettered events, oldest first. */
  List<QueuedEvent> deadLetters(int max);

  /** Number of events waiting (due or leased). */
  long waiting();
}
