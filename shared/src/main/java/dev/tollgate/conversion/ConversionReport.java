package dev.tollgate.conversion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The funnel over a range of days, per loop: limit hits, prompts sent, conversions, the
 * conversion rate (conversions / limit hits) and the median time from limit hit to payment;
 * plus the users who paid without hitting a limit. Pure: built from {@link FunnelDay}s.
 *
 * @param loops per loop name, sorted
 * @param paidWithoutLimit users who became paid with no limit hit in the attribution window
 */
public record ConversionReport(Map<String, LoopFunnel> loops, long paidWithoutLimit) {

  /**
   * One loop's funnel.
   *
   * @param limitReached users' first limit hits
   * @param promptsSent upgrade emails handed to the provider
   * @param conversions payments attributed to the loop
   * @param conversionRate conversions / limitReached (0 without limit hits)
   * @param medianTimeToConvert median of the conversions' times to convert, or null
   * @param conversionsAtStep conversions by the last email step sent before paying
   *     ({@code -1}: none sent)
   */
  public record LoopFunnel(long limitReached, long promptsSent, long conversions, double conversionRate,
      Duration medianTimeToConvert, Map<Integer, Long> conversionsAtStep) {}

  /** The report over {@code days}. */
  public static ConversionReport of(List<FunnelDay> days) {
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    Map<String, List<Long>> times = new TreeMap<>();
    long direct = 0;
    for (FunnelDay d : days) {
      for (Map.Entry<String, Long> c : d.counters().entrySet()) {
        int colon = c.getKey().indexOf(':');
        if (colon < 0) {
          direct += c.getKey().equals("paidWithoutLimit") ? c.getValue() : 0;
          continue;
        }
        counters.computeIfAbsent(c.getKey().substring(0, colon), k -> new TreeMap<>())
            .merge(c.getKey().substring(colon + 1), c.getValue(), Long::sum);
      }
      d.timesToConvert().forEach((loop, list) -> times.computeIfAbsent(loop, k -> new ArrayList<>()).addAll(list));
    }
    Map<String, LoopFunnel> loops = new TreeMap<>();
    for (Map.Entry<String, Map<String, Long>> e : counters.entrySet()) {
      Map<String, Long> c = e.getValue();
      long hits = c.getOrDefault("limitReached", 0L);
      long conversions = c.getOrDefault("conversions", 0L);
      Map<Integer, Long> atStep = new TreeMap<>();
      c.forEach((k, v) -> {
        if (k.startsWith("conversionsAtStep:")) {
          atStep.merge(Integer.parseInt(k.substring("conversionsAtStep:".length())), v, Long::sum);
        } else if (k.equals("conversionsWithoutEmail")) {
          atStep.merge(-1, v, Long::sum);
        }
      });
      loops.put(e.getKey(), new LoopFunnel(hits, c.getOrDefault("promptsSent", 0L), conversions,
          hits == 0 ? 0 : (double) conversions / hits, median(times.getOrDefault(e.getKey(), List.of())), atStep));
    }
    return new ConversionReport(loops, direct);
  }

  private static Duration median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    long m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return Duration.ofMillis(m);
  }
}
