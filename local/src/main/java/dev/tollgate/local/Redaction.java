package dev.tollgate.local;

import java.util.regex.Pattern;

/**
 * Takes passwords out of text before it is printed, logged or stored for display: the
 * user-info of any {@code redis://}, {@code rediss://} or {@code *-cluster://} URL
 * ({@code redis://user:secret@host} becomes {@code redis://user:***@host}).
 */
final class Redaction {
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(rediss?(?:-cluster)?://)([^:@/\\s]*:)?[^@/\\s]+@");

  private Redaction() {}

  /** {@code text} with every Redis URL's password replaced by {@code ***}. */
  static String redact(String text) {
    if (text == null) {
      return null;
    }
    return URL_PASSWORD.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)
        + (m.group(2) == null ? "" : m.group(2)) + "***@"));
  }
}
