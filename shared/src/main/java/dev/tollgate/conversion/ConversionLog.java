package dev.tollgate.conversion;

import java.time.LocalDate;

/** The funnel's conversion side: counts conversions per loop and UTC day, and reads a day back. */
public interface ConversionLog {
  /**
   * Counts {@code conversion} on the day it happened: for a loop, its conversions, time to
   * convert and last email step; without one, the users who paid without hitting a limit.
   */
  void record(Conversion conversion);

  /** The funnel counters and times-to-convert of {@code day} (empty if nothing was counted). */
  FunnelDay day(LocalDate day);
}
