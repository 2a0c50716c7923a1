package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchMetricsTest {
  @Test
  void everyCountOfTheRunSummaryBecomesAnEmailsMetric() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("claimed", 5);
    summary.put("sent", 3);
    summary.put("deadLettered", 1);
    summary.put("providerCalls", 1);
    summary.put("note", "not a count");
    assertThat(UpgradeEmailDispatchHandler.metrics(summary)).containsExactly(
        Map.entry("EmailsClaimed", 5L), Map.entry("EmailsSent", 3L), Map.entry("EmailsDeadLettered", 1L),
        Map.entry("ProviderCalls", 1L));
  }
}
