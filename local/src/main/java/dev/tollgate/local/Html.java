package dev.tollgate.local;

import dev.tollgate.email.EmailRenderer;
import java.util.Locale;

/** Text made safe for HTML and SVG (element content and quoted attributes), and the page's number formats. */
final class Html {
  private Html() {}

  /** {@code s} with {@code & < > " '} escaped; null as an empty string. */
  static String escape(String s) {
    return s == null ? "" : EmailRenderer.escapeHtml(s);
  }

  /** A share (1 = 100 %) as the report prints rates: one decimal, e.g. {@code 12.5%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** A coordinate with at most two decimals. */
  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
  }
}
