package dev.tollgate.conversion;

import java.time.Duration;
import java.time.Instant;

/**
 * A user who moved from the default plan to a paid one.
 *
 * @param userId the user
 * @param loop the loop whose limit they last hit within the attribution window, or null if
 *     they paid without hitting one (counted apart)
 * @param convertedAt when the payment made them paid
 * @param timeToConvert from that limit hit to the payment, or null without a loop
 * @param lastStep the last upgrade-email step sent for that loop ({@code pr:LOOP}), or null
 *     if none was sent
 */
public record Conversion(String userId, String loop, Instant convertedAt, Duration timeToConvert, Integer lastStep) {
  /** Identifies this conversion for idempotent counting: the account and the moment it became paid. */
  public String id() {
    return userId + "@" + convertedAt.toEpochMilli();
  }

  /** Whether the conversion is attributed to a loop. */
  public boolean attributed() {
    return loop != null;
  }
}
