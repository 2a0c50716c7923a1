package dev.tollgate.json;

import java.util.Map;

/**
 * Just enough JSON writing for the hand-built documents (outbox files, EMF lines, gateway
 * response context, webhook answers): the hot paths carry no JSON library on purpose.
 */
public final class JsonText {
  private JsonText() {}

  /** {@code s} escaped for the inside of a JSON string (empty for null). */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    String quoted = str(s);
    return quoted.substring(1, quoted.length() - 1);
  }

  /** {@code s} as a JSON string literal ({@code null} for null). */
  public static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A JSON object of string values. */
  public static String object(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(str(e.getKey())).append(": ").append(str(e.getValue()));
    }
    return b.append('}').toString();
  }
}
