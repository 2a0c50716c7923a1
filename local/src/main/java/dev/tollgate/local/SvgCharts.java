package dev.tollgate.local;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's charts as inline SVG (no script, no external file): every bar and point
 * carries its value in {@code data-*} attributes and a {@code <title>} tooltip, so what a chart
 * shows can be read back exactly.
 */
final class SvgCharts {
  /** The funnel's three counters, in order, with their labels. */
  static final List<String> SERIES = List.of("limitReached", "promptsSent", "conversions");
  static final Map<String, String> LABELS = Map.of("limitReached", "limit reached", "promptsSent", "prompts sent",
      "conversions", "conversions");

  private SvgCharts() {}

  /** A value of one series on one day. */
  interface DayValues {
    /** The value of {@code series} on {@code day} (0 when none). */
    long get(LocalDate day, String series);
  }

  /** Grouped bars per day from {@code from} to {@code to}: one bar per counter, zero days left empty. */
  static String days(String loop, LocalDate from, LocalDate to, DayValues values) {
    int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
    // about 640 px of plot whatever the range: wide bars for a few days, thin ones for a year
    double slot = Math.max(4, Math.min(48, 640.0 / n));
    double bar = slot * 0.75 / 3;
    int left = 36;
    int width = (int) Math.ceil(left + n * slot + 8);
    int top = 10;
    int bottom = 130;
    long max = 1;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      for (String s : SERIES) {
        max = Math.max(max, values.get(d, s));
      }
    }
    StringBuilder b = new StringBuilder(4096);
    b.append("<svg class=\"chart-days\" data-loop=\"").append(Html.escape(loop)).append("\" role=\"img\" viewBox=\"0 0 ")
        .append(width).append(" 160\" width=\"").append(width).append("\" height=\"160\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title>").append(Html.escape(loop)).append(": limit reached, prompts sent and conversions per day</title>");
    b.append(line(left, bottom, width - 4, bottom)).append(line(left, top, width - 4, top, "grid"));
    b.append(text(left - 4, bottom + 4, "0", "end")).append(text(left - 4, top + 4, Long.toString(max), "end"));
    int every = Math.max(1, (int) Math.ceil(n / 8.0));
    int i = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1), i++) {
      double x = left + i * slot;
      if ((n - 1 - i) % every == 0) { // counted back from the last day, which is always labelled
        b.append(text(x + slot / 2.0, bottom + 16, d.toString().substring(5), "middle"));
      }
      for (int j = 0; j < SERIES.size(); j++) {
        String s = SERIES.get(j);
        long v = values.get(d, s);
        if (v <= 0) {
          continue;
        }
        double h = (double) v / max * (bottom - top);
        b.append("<rect class=\"bar ").append(s).append("\" data-day=\"").append(d).append("\" data-series=\"").append(s)
            .append("\" data-value=\"").append(v).append("\" x=\"").append(Html.num(x + slot * 0.125 + j * bar)).append("\" y=\"")
            .append(Html.num(bottom - h)).append("\" width=\"").append(Html.num(bar)).append("\" height=\"").append(Html.num(h))
            .append("\"><title>").append(d).append(' ').append(LABELS.get(s)).append(": ").append(v)
            .append("</title></rect>");
      }
    }
    return b.append("</svg>").toString();
  }

  /** The loop's funnel as three horizontal bars, each as long as its share of the largest. */
  static String funnel(String loop, Map<String, Long> totals) {
    long max = Math.max(1, totals.values().stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder b = new StringBuilder(1024);
    b.append("<svg class=\"chart-funnel\" data-loop=\"").append(Html.escape(loop))
        .append("\" role=\"img\" viewBox=\"0 0 420 84\" width=\"420\" height=\"84\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title>").append(Html.escape(loop)).append(" funnel</title>");
    for (int j = 0; j < SERIES.size(); j++) {
      String s = SERIES.get(j);
      long v = totals.getOrDefault(s, 0L);
      double w = (double) v / max * 260;
      int y = 4 + j * 26;
      b.append(text(100, y + 15, LABELS.get(s), "end"))
          .append("<rect class=\"bar ").append(s).append("\" data-series=\"").append(s).append("\" data-value=\"")
          .append(v).append("\" x=\"106\" y=\"").append(y).append("\" width=\"").append(Html.num(Math.max(w, 1)))
          .append("\" height=\"20\"><title>").append(LABELS.get(s)).append(": ").append(v).append("</title></rect>")
          .append(text(110 + Math.max(w, 1), y + 15, Long.toString(v), "start"));
    }
    return b.append("</svg>").toString();
  }

  /** One arm's rate and 95 % interval. */
  record Interval(String arm, double rate, double low, double high) {}

  /** Each arm's rate as a dot on its 95 % interval, on one scale from 0 to a round upper bound. */
  static String intervals(String experiment, List<Interval> arms) {
    double top = 0.1;
    for (Interval a : arms) {
      top = Math.max(top, a.high());
    }
    top = Math.min(1, Math.ceil(top * 10) / 10);
    int width = 420;
    int left = 110;
    double span = width - left - 20;
    int height = 24 * arms.size() + 24;
    StringBuilder b = new StringBuilder(1024);
    b.append("<svg class=\"chart-intervals\" data-experiment=\"").append(Html.escape(experiment))
        .append("\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title>").append(Html.escape(experiment)).append(": conversion rate per arm with its 95 % interval</title>");
    int axis = height - 18;
    b.append(line(left, axis, left + span, axis));
    for (double t : new double[] {0, top / 2, top}) {
      b.append(text(left + t / top * span, axis + 14, Html.percent(t), "middle"));
    }
    for (int i = 0; i < arms.size(); i++) {
      Interval a = arms.get(i);
      double y = 14 + i * 24;
      b.append(text(left - 6, y + 4, a.arm(), "end"))
          .append("<g class=\"interval\" data-arm=\"").append(Html.escape(a.arm())).append("\" data-rate=\"")
          .append(a.rate()).append("\" data-low=\"").append(a.low()).append("\" data-high=\"").append(a.high())
          .append("\"><title>").append(Html.escape(a.arm())).append(": ").append(Html.percent(a.rate())).append(" (95 % ")
          .append(Html.percent(a.low())).append(" to ").append(Html.percent(a.high())).append(")</title>")
          .append(line(left + a.low() / top * span, y, left + a.high() / top * span, y, "ci"))
          .append("<circle cx=\"").append(Html.num(left + a.rate() / top * span)).append("\" cy=\"").append(Html.num(y))
          .append("\" r=\"4\"/></g>");
    }
    return b.append("</svg>").toString();
  }

  /** A share of a limit as a small bar (full at 100 %). */
  static String meter(double share) {
    String level = share >= 1 ? "full" : share >= 0.8 ? "high" : "low";
    return "<svg class=\"meter " + level + "\" data-share=\"" + share + "\" viewBox=\"0 0 100 10\" width=\"100\" "
        + "height=\"10\" xmlns=\"http://www.w3.org/2000/svg\"><rect class=\"track\" width=\"100\" height=\"10\"/>"
        + "<rect class=\"fill\" width=\"" + Html.num(Math.min(1, share) * 100) + "\" height=\"10\"/></svg>";
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return line(x1, y1, x2, y2, "axis");
  }

  private static String line(double x1, double y1, double x2, double y2, String cls) {
    return "<line class=\"" + cls + "\" x1=\"" + Html.num(x1) + "\" y1=\"" + Html.num(y1) + "\" x2=\"" + Html.num(x2)
        + "\" y2=\"" + Html.num(y2) + "\"/>";
  }

  private static String text(double x, double y, String s, String anchor) {
    return "<text x=\"" + Html.num(x) + "\" y=\"" + Html.num(y) + "\" text-anchor=\"" + anchor + "\">" + Html.escape(s)
        + "</text>";
  }
}
