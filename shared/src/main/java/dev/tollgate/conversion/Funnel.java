package dev.tollgate.conversion;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The funnel per loop and UTC day: limit hits, prompts sent, conversions. Every count is
 * idempotent per id, so a writer that retries after a failure (a webhook redelivery, a
 * dispatcher run after a crash, a limit hit completed later) never counts twice.
 */
public interface Funnel {
  /** Counts a first limit hit in {@code loop} on {@code at}'s day, once per {@code eventId}; true if counted now. */
  boolean limitReached(String loop, Instant at, String eventId);

  /** Counts an upgrade email handed to the provider for {@code loop}, once per {@code jobId}; true if counted now. */
  boolean promptSent(String loop, Instant at, String jobId);

  /**
   * Counts {@code conversion} on the day it happened, once per {@link Conversion#id()}: for a
   * loop its conversions, time to convert and last email step; without one, the payers who
   * never hit a limit. True if counted now.
   */
  boolean conversion(Conversion conversion);

  /**
   * Counts a token whose email claim was refused (not exactly one address), on {@code at}'s
   * day, once per {@code id}; true if counted now.
   */
  boolean emailClaimRefused(Instant at, String id);

  /** The counter field of refused email claims in a day's counters. */
  String EMAIL_CLAIMS_REFUSED = "emailClaimsRefused";

  /** The counters and times-to-convert of {@code day} (empty if nothing was counted). */
  FunnelDay day(LocalDate day);
}
