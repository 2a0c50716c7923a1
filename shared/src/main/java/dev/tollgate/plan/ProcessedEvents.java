package dev.tollgate.plan;

/**
 * Stripe event ids already processed, so a redelivered event changes nothing. An id is
 * marked only after its event was fully processed: a failed attempt leaves it unmarked and
 * Stripe's retry is processed again.
 */
public interface ProcessedEvents {
  /** Whether {@code eventId} was processed (within the de-dup horizon). */
  boolean isProcessed(String eventId);

  /** Marks {@code eventId} processed. */
  void markProcessed(String eventId);
}
