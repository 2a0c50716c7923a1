package dev.tollgate.dispatch;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the RFC 8058 one-click unsubscribe body: the key/value pair
 * {@code List-Unsubscribe=One-Click}, sent by mail clients as {@code multipart/form-data}
 * (RFC 7578: a part named {@code List-Unsubscribe} holding {@code One-Click}) or
 * {@code application/x-www-form-urlencoded} (also what the confirmation page's button posts).
 * A body of any other media type is read as form-urlencoded, so only that exact pair counts.
 */
final class OneClickBody {
  static final String KEY = "List-Unsubscribe";
  static final String VALUE = "One-Click";
  private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n\\r?\\n");
  /** The line break and dashes between a part's content and the next delimiter. */
  private static final Pattern TRAILER = Pattern.compile("\\r?\\n-*$");

  private OneClickBody() {}

  /**
   * Whether {@code body} (base64 when {@code base64}, as API Gateway marks binary media types)
   * of type {@code contentType} (may be null) carries the one-click pair.
   */
  static boolean isOneClick(String contentType, String body, boolean base64) {
    if (body == null || body.isEmpty()) {
      return false;
    }
    String text;
    try {
      text = base64 ? new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8) : body;
    } catch (IllegalArgumentException e) {
      return false;
    }
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/form-data")) {
      String boundary = parameter(contentType, "boundary");
      return boundary != null && multipartHasPair(text, boundary);
    }
    return formHasPair(text);
  }

  private static boolean formHasPair(String text) {
    for (String pair : text.trim().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && decode(pair.substring(0, eq)).equals(KEY) && decode(pair.substring(eq + 1)).equals(VALUE)) {
        return true;
      }
    }
    return false;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /**
   * Whether a part named {@link #KEY} holds exactly {@link #VALUE}. Parts are split on the bare
   * boundary, so both RFC 7578's {@code --boundary} delimiters and RFC 8058's example (whose
   * delimiter lines repeat the boundary parameter as is) are read.
   */
  private static boolean multipartHasPair(String text, String boundary) {
    for (String part : text.split(Pattern.quote(boundary), -1)) {
      Matcher split = BLANK_LINE.matcher(part);
      if (split.find() && namesKey(part.substring(0, split.start()))
          && TRAILER.matcher(part.substring(split.end())).replaceFirst("").equals(VALUE)) {
        return true;
      }
    }
    return false;
  }

  private static boolean namesKey(String headers) {
    for (String line : headers.split("\r?\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        String name = parameter(line.substring(line.indexOf(':') + 1), "name");
        return KEY.equals(name);
      }
    }
    return false;
  }

  /** The value of parameter {@code name} in a header value ({@code a; name="v"; ...}), unquoted; null if absent. */
  static String parameter(String header, String name) {
    for (String p : header.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String v = p.substring(eq + 1).trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }
}
