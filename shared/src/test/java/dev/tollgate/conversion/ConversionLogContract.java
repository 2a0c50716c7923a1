package dev.tollgate.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ConversionLog} must do; loops get unique names since Redis may be shared. */
public abstract class ConversionLogContract {
  private static final Instant AT = Instant.parse("2031-05-04T10:00:00Z");

  /** A fresh log. */
  protected abstract ConversionLog log();

  @Test
  void countsConversionsPerLoopWithTimesAndSteps() {
    ConversionLog log = log();
    String loop = "l" + Long.toHexString(System.nanoTime());
    log.record(new Conversion("u1", loop, AT, Duration.ofMinutes(5), 1));
    log.record(new Conversion("u2", loop, AT, Duration.ofMinutes(9), null));
    FunnelDay day = log.day(LocalDate.of(2031, 5, 4));
    assertThat(day.counters()).containsEntry(loop + ":conversions", 2L)
        .containsEntry(loop + ":convertMsSum", Duration.ofMinutes(14).toMillis())
        .containsEntry(loop + ":conversionsAtStep:1", 1L).containsEntry(loop + ":conversionsWithoutEmail", 1L);
    assertThat(day.timesToConvert().get(loop)).containsExactlyInAnyOrder(300_000L, 540_000L);
    assertThat(log.day(LocalDate.of(2031, 5, 5)).counters()).doesNotContainKey(loop + ":conversions");
  }

  @Test
  void paidWithoutLimitIsCountedApart() {
    ConversionLog log = log();
    LocalDate d = LocalDate.of(2031, 5, 4);
    long before = log.day(d).counters().getOrDefault("paidWithoutLimit", 0L);
    log.record(new Conversion("u3", null, AT, null, null));
    assertThat(log.day(d).counters().get("paidWithoutLimit")).isEqualTo(before + 1);
    assertThat(ConversionReport.of(List.of(log.day(d))).paidWithoutLimit()).isEqualTo(before + 1);
  }
}
