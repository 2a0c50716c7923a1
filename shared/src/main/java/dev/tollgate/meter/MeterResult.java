package dev.tollgate.meter;

import java.time.Duration;

/** What reporting one {@link MeterEvent} came to. */
public sealed interface MeterResult {
  /** Stripe holds the event: accepted now, or already (a replay it de-duplicated). */
  record Accepted(boolean duplicate) implements MeterResult {}

  /** Stripe refused the event (it is not recorded); retried, then dead-lettered. */
  record Refused(String reason) implements MeterResult {}

  /**
   * Stripe could not be reached or answered that it cannot take events now (5xx, 429, lost
   * answer): retried after at least {@code retryAfter}; {@code mayHaveReachedStripe} when the
   * event may nevertheless be recorded.
   */
  record Unavailable(String reason, Duration retryAfter, boolean mayHaveReachedStripe) implements MeterResult {}
}
