package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's sections after the funnel: experiment arms (when the report has
 * {@code experiments}), the accounts nearest their limits, the latest blocks, and the other
 * counters of the report.
 */
final class DashboardSections {
  private DashboardSections() {}

  /** Per experiment: each arm's exposed, conversions, rate and 95 % interval, and the p-value between arms. */
  static void experiments(StringBuilder b, JsonObject doc) {
    b.append("<section id=\"experiments\"><h2>Experiments</h2>");
    JsonObject all = doc.has("experiments") && doc.get("experiments").isJsonObject()
        ? doc.getAsJsonObject("experiments") : new JsonObject();
    if (all.isEmpty()) {
      b.append("<p class=\"empty\">No experiments in this report.</p></section>");
      return;
    }
    for (Map.Entry<String, JsonElement> e : all.entrySet()) {
      String name = e.getKey();
      JsonObject x = e.getValue().getAsJsonObject();
      JsonElement p = x.get("pValue");
      b.append("<div class=\"experiment\" data-experiment=\"").append(Html.escape(name)).append("\"><h3>")
          .append(Html.escape(name)).append("</h3><p>p-value between arms: <span data-field=\"pValue\">")
          .append(p == null || p.isJsonNull() ? "-" : pValue(p.getAsDouble())).append("</span></p>")
          .append("<table class=\"arms\"><thead><tr><th>Arm</th><th>Exposed</th><th>Conversions</th><th>Rate</th>"
              + "<th>95 % interval</th></tr></thead><tbody>");
      List<SvgCharts.Interval> intervals = new ArrayList<>();
      for (Map.Entry<String, JsonElement> a : x.getAsJsonObject("arms").entrySet()) {
        JsonObject arm = a.getValue().getAsJsonObject();
        double rate = arm.get("rate").getAsDouble();
        double low = arm.get("ci95Low").getAsDouble();
        double high = arm.get("ci95High").getAsDouble();
        intervals.add(new SvgCharts.Interval(a.getKey(), rate, low, high));
        b.append("<tr data-arm=\"").append(Html.escape(a.getKey())).append("\"><th>").append(Html.escape(a.getKey()))
            .append("</th><td data-field=\"exposed\">").append(arm.get("exposed").getAsLong())
            .append("</td><td data-field=\"conversions\">").append(arm.get("conversions").getAsLong())
            .append("</td><td data-field=\"rate\">").append(Html.percent(rate))
            .append("</td><td data-field=\"ci95\">").append(Html.percent(low)).append(" to ").append(Html.percent(high))
            .append("</td></tr>");
      }
      b.append("</tbody></table>").append(SvgCharts.intervals(name, intervals)).append("</div>");
    }
    b.append("</section>");
  }

  /** A p-value with three decimals, or {@code < 0.001}. */
  static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** The accounts nearest a limit in a window still open, highest share first. */
  static void nearest(StringBuilder b, JsonObject doc) {
    b.append("<section id=\"nearest\"><h2>Accounts nearest their limits</h2>");
    if (!doc.has("nearestLimits") || doc.getAsJsonArray("nearestLimits").isEmpty()) {
      b.append("<p class=\"empty\">No account has reached a threshold of a limit in an open window.</p></section>");
      return;
    }
    b.append("<table id=\"nearest-limits\"><thead><tr><th class=\"text\">Account</th><th class=\"text\">User</th>"
        + "<th class=\"text\">Loop</th><th>Share</th><th></th><th>Used / limit</th><th class=\"text\">Reached</th>"
        + "<th class=\"text\">Resets</th></tr></thead><tbody>");
    for (JsonElement e : doc.getAsJsonArray("nearestLimits")) {
      JsonObject n = e.getAsJsonObject();
      double share = n.get("share").getAsDouble();
      b.append("<tr>").append(textCell("account", n)).append(textCell("user", n)).append(textCell("loop", n))
          .append("<td data-field=\"share\">").append(String.format(Locale.ROOT, "%.0f%%", share * 100))
          .append("</td><td>").append(SvgCharts.meter(share)).append("</td><td data-field=\"usedLimit\">")
          .append(n.get("used").getAsLong()).append(" / ").append(n.get("limit").getAsLong()).append("</td>")
          .append(textCell("reachedAt", n)).append(textCell("resetAt", n)).append("</tr>");
    }
    b.append("</tbody></table></section>");
  }

  /** The latest first denials, newest first. */
  static void blocks(StringBuilder b, JsonObject doc) {
    b.append("<section id=\"blocks\"><h2>Latest blocks</h2>");
    if (!doc.has("latestBlocks") || doc.getAsJsonArray("latestBlocks").isEmpty()) {
      b.append("<p class=\"empty\">No account was blocked in these days.</p></section>");
      return;
    }
    b.append("<table id=\"latest-blocks\"><thead><tr><th>At</th><th class=\"text\">Account</th>"
        + "<th class=\"text\">User</th><th class=\"text\">Loop</th><th class=\"text\">Reason</th>"
        + "<th class=\"text\">Plan</th><th>Used / limit</th></tr></thead><tbody>");
    for (JsonElement e : doc.getAsJsonArray("latestBlocks")) {
      JsonObject k = e.getAsJsonObject();
      b.append("<tr>").append(textCell("at", k)).append(textCell("account", k)).append(textCell("user", k))
          .append(textCell("loop", k)).append(textCell("reason", k)).append(textCell("plan", k))
          .append("<td data-field=\"usedLimit\">").append(k.get("used").getAsLong()).append(" / ")
          .append(k.get("limit").getAsLong()).append("</td></tr>");
    }
    b.append("</tbody></table></section>");
  }

  /** The report's other counters: paid without a limit hit, dead letters, refused email claims. */
  static void other(StringBuilder b, JsonObject doc) {
    b.append("<section id=\"other\"><h2>Also in this report</h2><ul>")
        .append("<li>Paid without hitting a limit: <span data-field=\"paidWithoutLimit\">")
        .append(doc.get("paidWithoutLimit").getAsLong()).append("</span></li>")
        .append("<li>Emails in the dead-letter set (all time): <span data-field=\"deadLetters\">");
    JsonObject dead = doc.getAsJsonObject("deadLetters");
    b.append(dead.isEmpty() ? "none" : Html.escape(dead.toString().replace("\"", "").replace(":", "=")))
        .append("</span></li><li>Email claims refused: <span data-field=\"emailClaimsRefused\">")
        .append(doc.get("emailClaimsRefused").getAsLong()).append("</span></li></ul></section>");
  }

  private static String textCell(String field, JsonObject o) {
    JsonElement v = o.get(field);
    return "<td class=\"text\" data-field=\"" + field + "\">" + Html.escape(v == null || v.isJsonNull() ? "-"
        : v.getAsString()) + "</td>";
  }
}
