package dev.tollgate.conversion;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Attributes a payment to a loop (DESIGN.md "Funnel"): the loop whose limit the user hit
 * most recently ({@code h:LOOP} in their timeline) no longer than the attribution window
 * before paying — last touch. Pure.
 */
public final class Attribution {
  private Attribution() {}

  /** The conversion of {@code userId}, paid at {@code at}, given their timeline hash. */
  public static Conversion attribute(String userId, Map<String, String> timeline, Instant at, Duration window) {
    String bestLoop = null;
    long bestHit = Long.MIN_VALUE;
    for (Map.Entry<String, String> e : timeline.entrySet()) {
      if (!e.getKey().startsWith("h:")) {
        continue;
      }
      long hit = parse(e.getValue());
      boolean inWindow = hit <= at.toEpochMilli() && at.toEpochMilli() - hit <= window.toMillis();
      String loop = e.getKey().substring(2);
      if (inWindow && (hit > bestHit || (hit == bestHit && loop.compareTo(bestLoop) < 0))) {
        bestHit = hit;
        bestLoop = loop;
      }
    }
    if (bestLoop == null) {
      return new Conversion(userId, null, at, null, null);
    }
    String step = timeline.get("pr:" + bestLoop);
    Integer lastStep = step == null ? null : (int) parse(step);
    return new Conversion(userId, bestLoop, at, Duration.ofMillis(at.toEpochMilli() - bestHit), lastStep);
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE / 2;
    }
  }
}
