package dev.tollgate.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The UTC calendar month: the window of {@code month} periods and the fallback of {@code billing}. */
public final class CalendarMonth {
  private CalendarMonth() {}

  /** Start and end (ms, end exclusive) of the UTC calendar month holding {@code nowMs}. */
  public static long[] bounds(long nowMs) {
    YearMonth ym = YearMonth.from(Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC));
    long start = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return new long[] {start, end};
  }
}
