package dev.tollgate.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which accounts are nearest their limits now, from the shares recorded over some days: only
 * windows still open count (a reset window starts again from nothing), each account and gate
 * once at its highest share, highest first, then the most recent.
 */
public final class NearestLimits {
  private static final Comparator<Share> ORDER = Comparator.comparingInt(Share::permille).reversed()
      .thenComparing(Share::at, Comparator.reverseOrder())
      .thenComparing(Share::account).thenComparing(Share::gateId);

  private NearestLimits() {}

  /** Up to {@code max} accounts nearest a limit at {@code now} among {@code recorded}. */
  public static List<Share> of(List<Share> recorded, Instant now, int max) {
    Map<String, Share> best = new LinkedHashMap<>();
    for (Share s : recorded) {
      if (!s.windowEnd().isAfter(now)) {
        continue;
      }
      best.merge(s.account() + "\t" + s.gateId(), s, (a, b) -> ORDER.compare(a, b) <= 0 ? a : b);
    }
    List<Share> out = new ArrayList<>(best.values());
    out.sort(ORDER);
    return out.size() > max ? List.copyOf(out.subList(0, max)) : List.copyOf(out);
  }
}
