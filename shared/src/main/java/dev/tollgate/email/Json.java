package dev.tollgate.email;

import java.util.Map;

/** Just enough JSON writing for the outbox (shared carries no JSON library on purpose). */
final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal ({@code null} for null). */
  static String str(String s) {
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
  static String object(Map<String, String> m) {
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
