package dev.tollgate.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final Instant PAID = Instant.parse("2026-03-10T00:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(30);

  private static String daysBefore(int days) {
    return Long.toString(PAID.minus(Duration.ofDays(days)).toEpochMilli());
  }

  @Test
  void attributesToTheMostRecentLimitHitInTheWindowWithItsLastStep() {
    Conversion c = Attribution.attribute("u", Map.of("h:features", daysBefore(5), "h:export", daysBefore(2),
        "pr:export", "1", "pr:features", "2"), PAID, WINDOW);
    assertThat(c).isEqualTo(new Conversion("u", "export", PAID, Duration.ofDays(2), 1));
  }

  @Test
  void aHitOutsideTheWindowIsPayingWithoutALimit() {
    Conversion c = Attribution.attribute("u", Map.of("h:features", daysBefore(31)), PAID, WINDOW);
    assertThat(c.attributed()).isFalse();
    assertThat(Attribution.attribute("u", Map.of(), PAID, WINDOW).attributed()).isFalse();
  }

  @Test
  void noEmailSentLeavesTheStepEmpty() {
    assertThat(Attribution.attribute("u", Map.of("h:features", daysBefore(1)), PAID, WINDOW).lastStep()).isNull();
  }

  @Test
  void reportGivesRateAndMedian() {
    FunnelDay d = new FunnelDay(null, Map.of("features:limitReached", 4L, "features:conversions", 3L,
        "features:conversionsAtStep:0", 2L, "features:conversionsWithoutEmail", 1L, "paidWithoutLimit", 2L),
        Map.of("features", List.of(900L, 100L, 300L)));
    ConversionReport r = ConversionReport.of(List.of(d));
    ConversionReport.LoopFunnel f = r.loops().get("features");
    assertThat(f.conversionRate()).isEqualTo(0.75);
    assertThat(f.medianTimeToConvert()).isEqualTo(Duration.ofMillis(300));
    assertThat(f.conversionsAtStep()).containsEntry(0, 2L).containsEntry(-1, 1L);
    assertThat(r.paidWithoutLimit()).isEqualTo(2);
  }

  @Test
  void emfLineNamesTheMetricsAndLoop() {
    String line = ConversionMetrics.line(new Conversion("u", "features", PAID, Duration.ofSeconds(7), 2));
    assertThat(line).contains("\"Namespace\":\"Tollgate\"", "\"Dimensions\":[[\"loop\"]]", "\"loop\":\"features\"",
        "\"TimeToConvert\":7000", "\"Conversions\":1", "\"Timestamp\":" + PAID.toEpochMilli());
    assertThat(com.google.gson.JsonParser.parseString(line).isJsonObject()).isTrue();
  }
}
