package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page renders every part of a report document, experiments included (shaped as
 * the {@code report --json} contract gives them), as self-contained HTML: no script, and
 * nothing loaded from anywhere; names from callers are escaped.
 */
class DashboardPageTest {
  static final String DOC = """
      {"from": "2025-06-08", "to": "2025-06-10",
       "loops": {"features": {"limitReached": 4, "promptsSent": 6, "conversions": 1, "conversionRate": 0.25,
                               "medianTimeToConvertMs": 90000, "conversionsAtStep": {"0": 1}},
                 "search": {"limitReached": 0, "promptsSent": 0, "conversions": 0, "conversionRate": 0.0,
                            "medianTimeToConvertMs": null, "conversionsAtStep": {}}},
       "paidWithoutLimit": 2, "deadLetters": {"features": 1}, "emailClaimsRefused": 0,
       "days": [{"day": "2025-06-08", "loops": {"features": {"limitReached": 3, "promptsSent": 5, "conversions": 0,
                 "conversionRate": 0.0, "medianTimeToConvertMs": null, "conversionsAtStep": {}}}, "paidWithoutLimit": 0},
                {"day": "2025-06-10", "loops": {"features": {"limitReached": 1, "promptsSent": 1, "conversions": 1,
                 "conversionRate": 1.0, "medianTimeToConvertMs": 90000, "conversionsAtStep": {"0": 1}}},
                 "paidWithoutLimit": 2}],
       "experiments": {"upgrade_copy": {"arms": {
           "control": {"exposed": 120, "conversions": 6, "rate": 0.05, "ci95Low": 0.0231, "ci95High": 0.1048},
           "urgency": {"exposed": 118, "conversions": 14, "rate": 0.11864, "ci95Low": 0.0721, "ci95High": 0.1891}},
         "pValue": 0.0412}},
       "nearestLimits": [{"account": "<b>@acme</b>", "user": "ada", "loop": "features", "gate": "features.0",
                          "plan": "free", "share": 0.8, "used": 80, "limit": 100,
                          "reachedAt": "2025-06-10T09:00:00Z", "resetAt": "2025-07-01T00:00:00Z"}],
       "latestBlocks": [{"at": "2025-06-10T11:00:00Z", "account": "bob", "user": "bob", "loop": "features",
                         "gate": "features.0", "plan": "free", "reason": "usage_limit_exceeded", "used": 100,
                         "limit": 100}]}
      """;

  static String page() {
    return DashboardPage.render(Json.object(DOC), 3);
  }

  @Test
  void theFunnelTableAndEachDaysBarsCarryTheReportsNumbers() {
    String html = page();
    assertThat(html).contains("<tr data-loop=\"features\"><th>features</th><td data-field=\"limitReached\">4</td>"
        + "<td data-field=\"promptsSent\">6</td><td data-field=\"conversions\">1</td>"
        + "<td data-field=\"conversionRate\">25.0%</td><td data-field=\"medianTimeToConvert\">1m30s</td></tr>");
    assertThat(html).contains("<tr data-day=\"2025-06-08\"><th>2025-06-08</th><td data-field=\"limitReached\">3</td>");
    assertThat(bars(html, "2025-06-08")).isEqualTo("limitReached=3 promptsSent=5 ");
    assertThat(bars(html, "2025-06-09")).as("a day without data has no bars").isEmpty();
    assertThat(bars(html, "2025-06-10")).isEqualTo("limitReached=1 promptsSent=1 conversions=1 ");
    assertThat(html).contains("data-loop=\"search\"", "No limit hits, prompts or conversions in these days.");
  }

  @Test
  void experimentArmsShowRateIntervalAndPValue() {
    String html = page();
    assertThat(html).contains("<tr data-arm=\"urgency\"><th>urgency</th><td data-field=\"exposed\">118</td>"
        + "<td data-field=\"conversions\">14</td><td data-field=\"rate\">11.9%</td>"
        + "<td data-field=\"ci95\">7.2% to 18.9%</td></tr>");
    assertThat(html).contains("<span data-field=\"pValue\">0.041</span>");
    assertThat(html).contains("data-arm=\"control\" data-rate=\"0.05\" data-low=\"0.0231\" data-high=\"0.1048\"");
    assertThat(DashboardSections.pValue(0.0004)).isEqualTo("< 0.001");
  }

  @Test
  void aReportWithoutExperimentsSaysSo() {
    JsonObject doc = Json.object(DOC);
    doc.remove("experiments");
    assertThat(DashboardPage.render(doc, 3)).contains("No experiments in this report.");
  }

  @Test
  void nearestLimitsAndLatestBlocksAreListedWithCallerTextEscaped() {
    String html = page();
    assertThat(html).contains("<td class=\"text\" data-field=\"account\">&lt;b&gt;@acme&lt;/b&gt;</td>")
        .doesNotContain("<b>@acme</b>");
    assertThat(html).contains("<td data-field=\"share\">80%</td>", "data-share=\"0.8\"",
        "<td class=\"text\" data-field=\"reason\">usage_limit_exceeded</td>", "<td data-field=\"usedLimit\">100 / 100</td>");
  }

  @Test
  void thePageIsSelfContained() {
    String html = page();
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(");
    Matcher refs = Pattern.compile("(?:href|src|action)=\"([^\"]*)\"").matcher(html);
    while (refs.find()) {
      assertThat(refs.group(1)).as("only the stack's own paths").startsWith("/dashboard");
    }
  }

  private static String bars(String html, String day) {
    Matcher m = Pattern.compile("<rect class=\"bar \\w+\" data-day=\"" + day + "\" data-series=\"(\\w+)\" data-value=\"(\\d+)\"")
        .matcher(html);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      b.append(m.group(1)).append('=').append(m.group(2)).append(' ');
    }
    return b.toString();
  }
}
