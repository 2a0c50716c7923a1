package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local dashboard: one self-contained HTML page (inline CSS and SVG; no script, font or
 * image to fetch, so it works offline) rendered from the report document that
 * {@code tollgate report --json} prints: the funnel per loop in total and per day, the
 * experiment arms with their 95 % intervals, the accounts nearest their limits and the latest
 * blocks. Tables carry the numbers ({@code data-field} cells), charts draw them.
 */
final class DashboardPage {
  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:16px;"
          + "color:#1d2330;background:#fafbfc}",
      "h1{font-size:1.5em;margin:0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #dde}h3{font-size:1em}",
      "header{display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}",
      "table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;text-align:right;border-bottom:1px solid #eef}",
      "th:first-child,td.text,th.text{text-align:left}thead th{font-size:.8em;color:#556;text-transform:uppercase}",
      ".chart-days text,.chart-funnel text,.chart-intervals text{font-size:10px;fill:#556}",
      ".bar.limitReached,.legend .limitReached{fill:#d9534f;background:#d9534f}",
      ".bar.promptsSent,.legend .promptsSent{fill:#f0ad4e;background:#f0ad4e}",
      ".bar.conversions,.legend .conversions{fill:#3c9a5f;background:#3c9a5f}",
      "line.axis{stroke:#889}line.grid{stroke:#dde;stroke-dasharray:3 3}line.ci{stroke:#3566c8;stroke-width:3}",
      "circle{fill:#1d2330}.meter .track{fill:#e6e8ef}.meter.low .fill{fill:#3c9a5f}.meter.high .fill{fill:#f0ad4e}",
      ".meter.full .fill{fill:#d9534f}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}",
      ".empty{color:#778;font-style:italic}.loop{margin:12px 0 24px}svg{max-width:100%;height:auto;display:block}");

  private DashboardPage() {}

  /** The page for {@code doc} (a {@code report --json} document) over {@code days} days. */
  static String render(JsonObject doc, int days) {
    StringBuilder b = new StringBuilder(32_768);
    String from = doc.get("from").getAsString();
    String to = doc.get("to").getAsString();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Tollgate funnel ").append(Html.escape(from)).append(" .. ").append(Html.escape(to))
        .append("</title><style>").append(STYLE).append("</style></head><body>");
    b.append("<header><h1>Tollgate funnel</h1><p id=\"range\" data-from=\"").append(Html.escape(from))
        .append("\" data-to=\"").append(Html.escape(to)).append("\">").append(Html.escape(from)).append(" .. ")
        .append(Html.escape(to)).append(" (UTC, ").append(days).append(" days)</p>")
        .append("<form method=\"get\" action=\"/dashboard\"><label>Days <input name=\"days\" type=\"number\" min=\"1\" "
            + "max=\"400\" value=\"").append(days).append("\"></label> <button type=\"submit\">Show</button></form>")
        .append("<a href=\"/dashboard/data.json?days=").append(days).append("\">the same as JSON</a></header>");
    funnel(b, doc, LocalDate.parse(from), LocalDate.parse(to));
    DashboardSections.experiments(b, doc);
    DashboardSections.nearest(b, doc);
    DashboardSections.blocks(b, doc);
    DashboardSections.other(b, doc);
    return b.append("</body></html>").toString();
  }

  private static void funnel(StringBuilder b, JsonObject doc, LocalDate from, LocalDate to) {
    b.append("<section id=\"funnel\"><h2>Funnel per loop</h2>")
        .append("<p class=\"legend\"><span class=\"limitReached\"></span>limit reached<span class=\"promptsSent\"></span>"
            + "prompts sent<span class=\"conversions\"></span>conversions</p>")
        .append("<table id=\"loops\"><thead><tr><th>Loop</th><th>Limit reached</th><th>Prompts sent</th>"
            + "<th>Conversions</th><th>Rate</th><th>Median time to convert</th></tr></thead><tbody>");
    JsonObject loops = doc.getAsJsonObject("loops");
    for (Map.Entry<String, JsonElement> e : loops.entrySet()) {
      b.append("<tr data-loop=\"").append(Html.escape(e.getKey())).append("\"><th>").append(Html.escape(e.getKey()))
          .append("</th>");
      cells(b, e.getValue().getAsJsonObject(), true);
      b.append("</tr>");
    }
    b.append("</tbody></table>");
    Map<String, Map<LocalDate, JsonObject>> perDay = new HashMap<>();
    for (JsonElement d : doc.getAsJsonArray("days")) {
      LocalDate day = LocalDate.parse(d.getAsJsonObject().get("day").getAsString());
      d.getAsJsonObject().getAsJsonObject("loops").entrySet().forEach(l -> perDay
          .computeIfAbsent(l.getKey(), k -> new LinkedHashMap<>()).put(day, l.getValue().getAsJsonObject()));
    }
    for (Map.Entry<String, JsonElement> e : loops.entrySet()) {
      String loop = e.getKey();
      Map<LocalDate, JsonObject> days = perDay.getOrDefault(loop, Map.of());
      Map<String, Long> totals = new LinkedHashMap<>();
      SvgCharts.SERIES.forEach(s -> totals.put(s, e.getValue().getAsJsonObject().get(s).getAsLong()));
      b.append("<div class=\"loop\" data-loop=\"").append(Html.escape(loop)).append("\"><h3>")
          .append(Html.escape(loop)).append("</h3>").append(SvgCharts.funnel(loop, totals));
      if (days.isEmpty()) {
        b.append("<p class=\"empty\">No limit hits, prompts or conversions in these days.</p></div>");
        continue;
      }
      b.append(SvgCharts.days(loop, from, to, (day, s) -> days.containsKey(day) ? days.get(day).get(s).getAsLong() : 0));
      b.append("<table class=\"days\" data-loop=\"").append(Html.escape(loop)).append("\"><thead><tr><th>Day</th>"
          + "<th>Limit reached</th><th>Prompts sent</th><th>Conversions</th><th>Rate</th></tr></thead><tbody>");
      days.forEach((day, f) -> {
        b.append("<tr data-day=\"").append(day).append("\"><th>").append(day).append("</th>");
        cells(b, f, false);
        b.append("</tr>");
      });
      b.append("</tbody></table></div>");
    }
    b.append("</section>");
  }

  private static void cells(StringBuilder b, JsonObject f, boolean median) {
    for (String s : SvgCharts.SERIES) {
      b.append("<td data-field=\"").append(s).append("\">").append(f.get(s).getAsLong()).append("</td>");
    }
    b.append("<td data-field=\"conversionRate\">").append(Html.percent(f.get("conversionRate").getAsDouble()))
        .append("</td>");
    if (median) {
      JsonElement m = f.get("medianTimeToConvertMs");
      b.append("<td data-field=\"medianTimeToConvert\">")
          .append(m == null || m.isJsonNull() ? "-" : ReportCommand.human(Duration.ofMillis(m.getAsLong())))
          .append("</td>");
    }
  }
}
