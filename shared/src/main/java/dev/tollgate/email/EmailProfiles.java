package dev.tollgate.email;

import java.time.Instant;

/** The per-user email state: address, suppression, conversion, plan, prompts sent. */
public interface EmailProfiles {
  /** What is known now about {@code userId} ({@link EmailProfile#EMPTY} if nothing). */
  EmailProfile lookup(String userId);

  /** Records that {@code userId} unsubscribed at {@code at} (keeps the first time). */
  void unsubscribe(String userId, Instant at);

  /**
   * Records that step {@code step} of {@code loop}'s sequence reached the provider (timeline
   * {@code pr:<loop>}, for attributing a later conversion); never lowers the recorded step.
   */
  void promptSent(String userId, String loop, int step);
}
