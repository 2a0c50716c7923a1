package dev.tollgate.conversion;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** In-memory {@link ConversionLog}; passes {@link ConversionLogContract}. */
public final class InMemoryConversionLog implements ConversionLog {
  private final Map<LocalDate, Map<String, Long>> counters = new HashMap<>();
  private final Map<LocalDate, Map<String, List<Long>>> times = new HashMap<>();

  @Override
  public synchronized void record(Conversion c) {
    LocalDate day = c.convertedAt().atZone(ZoneOffset.UTC).toLocalDate();
    Map<String, Long> m = counters.computeIfAbsent(day, k -> new HashMap<>());
    if (!c.attributed()) {
      m.merge("paidWithoutLimit", 1L, Long::sum);
      return;
    }
    m.merge(c.loop() + ":conversions", 1L, Long::sum);
    m.merge(c.loop() + ":convertMsSum", c.timeToConvert().toMillis(), Long::sum);
    m.merge(c.loop() + (c.lastStep() == null ? ":conversionsWithoutEmail" : ":conversionsAtStep:" + c.lastStep()), 1L,
        Long::sum);
    times.computeIfAbsent(day, k -> new HashMap<>()).computeIfAbsent(c.loop(), k -> new ArrayList<>())
        .add(c.timeToConvert().toMillis());
  }

  @Override
  public synchronized FunnelDay day(LocalDate day) {
    return new FunnelDay(day, counters.getOrDefault(day, Map.of()), times.getOrDefault(day, Map.of()));
  }
}
