package dev.tollgate.email;

import java.time.Duration;

/** What the provider said about one email of a batch. */
public sealed interface SendResult {
  /** Accepted; {@code providerId} is the provider's message id. */
  record Sent(String providerId) implements SendResult {}

  /**
   * Not accepted this time; try again no sooner than {@code retryAfter} (zero = use the
   * backoff). {@code rateLimited} is true for a 429: the whole run should slow down.
   */
  record Retry(String reason, Duration retryAfter, boolean rateLimited) implements SendResult {}

  /** Rejected for good (e.g. an invalid address): retrying cannot help. */
  record Failed(String reason) implements SendResult {}
}
