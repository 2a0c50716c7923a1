package dev.tollgate.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link Funnel} must do; loops and ids get unique names since Redis may be shared. */
public abstract class FunnelContract {
  private static final Instant AT = Instant.parse("2031-05-04T10:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2031, 5, 4);

  /** A fresh funnel. */
  protected abstract Funnel funnel();

  private static String unique(String prefix) {
    return prefix + Long.toHexString(System.nanoTime());
  }

  @Test
  void countsConversionsPerLoopWithTimesAndSteps() {
    Funnel f = funnel();
    String loop = unique("l");
    assertThat(f.conversion(new Conversion(unique("u"), loop, AT, Duration.ofMinutes(5), 1))).isTrue();
    assertThat(f.conversion(new Conversion(unique("u"), loop, AT, Duration.ofMinutes(9), null))).isTrue();
    FunnelDay day = f.day(DAY);
    assertThat(day.counters()).containsEntry(loop + ":conversions", 2L)
        .containsEntry(loop + ":convertMsSum", Duration.ofMinutes(14).toMillis())
        .containsEntry(loop + ":conversionsAtStep:1", 1L).containsEntry(loop + ":conversionsWithoutEmail", 1L);
    assertThat(day.timesToConvert().get(loop)).containsExactlyInAnyOrder(300_000L, 540_000L);
    assertThat(f.day(DAY.plusDays(1)).counters()).doesNotContainKey(loop + ":conversions");
  }

  @Test
  void paidWithoutLimitIsCountedApart() {
    Funnel f = funnel();
    long before = f.day(DAY).counters().getOrDefault("paidWithoutLimit", 0L);
    f.conversion(new Conversion(unique("u"), null, AT, null, null));
    assertThat(f.day(DAY).counters().get("paidWithoutLimit")).isEqualTo(before + 1);
    assertThat(ConversionReport.of(List.of(f.day(DAY))).paidWithoutLimit()).isEqualTo(before + 1);
  }

  @Test
  void aRetriedConversionIsCountedOnce() {
    Funnel f = funnel();
    String loop = unique("l");
    Conversion c = new Conversion(unique("u"), loop, AT, Duration.ofMinutes(5), 0);
    assertThat(f.conversion(c)).isTrue();
    assertThat(f.conversion(c)).as("the retry after a failure").isFalse();
    assertThat(f.day(DAY).counters()).containsEntry(loop + ":conversions", 1L).containsEntry(loop + ":conversionsAtStep:0", 1L);
    assertThat(f.day(DAY).timesToConvert().get(loop)).containsExactly(300_000L);
    Conversion later = new Conversion(c.userId(), loop, AT.plusSeconds(60), Duration.ofMinutes(6), 0);
    assertThat(f.conversion(later)).as("the same account converting again later").isTrue();
  }

  @Test
  void limitHitsAndPromptsAreCountedOncePerIdInTheirUtcDay() {
    Funnel f = funnel();
    String loop = unique("l");
    String event = unique("hit");
    assertThat(f.limitReached(loop, Instant.parse("2031-05-04T23:59:59Z"), event)).isTrue();
    assertThat(f.limitReached(loop, Instant.parse("2031-05-04T23:59:59Z"), event)).isFalse();
    f.limitReached(loop, Instant.parse("2031-05-04T00:00:00Z"), unique("hit"));
    f.limitReached(loop, Instant.parse("2031-05-05T00:00:00Z"), unique("hit"));
    String job = unique("job");
    assertThat(f.promptSent(loop, AT, job)).isTrue();
    assertThat(f.promptSent(loop, AT, job)).isFalse();
    assertThat(f.day(DAY).counters()).containsEntry(loop + ":limitReached", 2L).containsEntry(loop + ":promptsSent", 1L);
    assertThat(f.day(DAY.plusDays(1)).counters()).containsEntry(loop + ":limitReached", 1L);
    ConversionReport.LoopFunnel report = ConversionReport.of(List.of(f.day(DAY))).loops().get(loop);
    assertThat(report.limitReached()).isEqualTo(2);
    assertThat(report.promptsSent()).isEqualTo(1);
  }

  @Test
  void aRefusedEmailClaimIsCountedOncePerIdOnItsDay() {
    Funnel f = funnel();
    String id = unique("claim");
    Instant at = Instant.parse("2031-05-04T10:00:00Z");
    long before = f.day(DAY).counters().getOrDefault(Funnel.EMAIL_CLAIMS_REFUSED, 0L);
    assertThat(f.emailClaimRefused(at, id)).isTrue();
    assertThat(f.emailClaimRefused(at, id)).isFalse();
    assertThat(f.emailClaimRefused(at, unique("claim"))).isTrue();
    assertThat(f.day(DAY).counters()).containsEntry(Funnel.EMAIL_CLAIMS_REFUSED, before + 2);
  }
}
