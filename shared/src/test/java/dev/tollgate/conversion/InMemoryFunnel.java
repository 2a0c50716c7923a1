package dev.tollgate.conversion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory {@link Funnel}; passes {@link FunnelContract}. */
public final class InMemoryFunnel implements Funnel {
  private final Map<LocalDate, Map<String, Long>> counters = new HashMap<>();
  private final Map<LocalDate, Map<String, List<Long>>> times = new HashMap<>();
  private final Set<String> seen = new HashSet<>();

  @Override
  public synchronized boolean limitReached(String loop, Instant at, String eventId) {
    return count(at, "l:" + eventId, Map.of(loop + ":limitReached", 1L));
  }

  @Override
  public synchronized boolean promptSent(String loop, Instant at, String jobId) {
    return count(at, "p:" + jobId, Map.of(loop + ":promptsSent", 1L));
  }

  @Override
  public synchronized boolean emailClaimRefused(Instant at, String id) {
    return count(at, "e:" + id, Map.of(EMAIL_CLAIMS_REFUSED, 1L));
  }

  @Override
  public synchronized boolean conversion(Conversion c) {
    if (!c.attributed()) {
      return count(c.convertedAt(), "c:" + c.id(), Map.of("paidWithoutLimit", 1L));
    }
    long ms = c.timeToConvert().toMillis();
    String step = c.lastStep() == null ? ":conversionsWithoutEmail" : ":conversionsAtStep:" + c.lastStep();
    if (!count(c.convertedAt(), "c:" + c.id(), Map.of(c.loop() + ":conversions", 1L, c.loop() + ":convertMsSum", ms,
        c.loop() + step, 1L))) {
      return false;
    }
    times.computeIfAbsent(day(c.convertedAt()), k -> new HashMap<>()).computeIfAbsent(c.loop(), k -> new ArrayList<>())
        .add(ms);
    return true;
  }

  @Override
  public synchronized FunnelDay day(LocalDate day) {
    return new FunnelDay(day, counters.getOrDefault(day, Map.of()), times.getOrDefault(day, Map.of()));
  }

  private boolean count(Instant at, String id, Map<String, Long> increments) {
    if (!seen.add(day(at) + "|" + id)) {
      return false;
    }
    Map<String, Long> m = counters.computeIfAbsent(day(at), k -> new HashMap<>());
    increments.forEach((field, by) -> m.merge(field, by, Long::sum));
    return true;
  }

  private static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
