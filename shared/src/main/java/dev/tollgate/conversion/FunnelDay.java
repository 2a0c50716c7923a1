package dev.tollgate.conversion;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One UTC day of the funnel as stored: the counters ({@code LOOP:limitReached},
 * {@code LOOP:promptsSent}, {@code LOOP:conversions}, {@code LOOP:convertMsSum},
 * {@code LOOP:conversionsAtStep:N}, {@code LOOP:conversionsWithoutEmail},
 * {@code paidWithoutLimit}) and each loop's times-to-convert in ms.
 */
public record FunnelDay(LocalDate day, Map<String, Long> counters, Map<String, List<Long>> timesToConvert) {
  /** Copies the maps. */
  public FunnelDay {
    counters = Map.copyOf(counters);
    timesToConvert = Map.copyOf(timesToConvert);
  }
}
