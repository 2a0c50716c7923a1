package dev.tollgate.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request headers looked up case-insensitively. API Gateway may hand the same header twice
 * in different case (e.g. {@code Authorization} and {@code authorization}); when the copies
 * disagree the header is {@linkplain #ambiguous(String) ambiguous} and must not be trusted.
 */
public final class RequestHeaders {
  private static final String CONFLICT = "\u0000conflict";
  private final Map<String, String> byLowerName;

  private RequestHeaders(Map<String, String> byLowerName) {
    this.byLowerName = byLowerName;
  }

  /** Headers from API Gateway's single- and multi-value maps (either may be null). */
  public static RequestHeaders of(Map<String, String> single, Map<String, List<String>> multi) {
    Map<String, String> out = new HashMap<>();
    if (single != null) {
      for (Map.Entry<String, String> e : single.entrySet()) {
        put(out, e.getKey(), e.getValue());
      }
    }
    if (multi != null) {
      for (Map.Entry<String, List<String>> e : multi.entrySet()) {
        if (e.getValue() != null) {
          for (String v : e.getValue()) {
            put(out, e.getKey(), v);
          }
        }
      }
    }
    return new RequestHeaders(out);
  }

  /** Headers from a plain map (tests, the local stack). */
  public static RequestHeaders of(Map<String, String> single) {
    return of(single, null);
  }

  private static void put(Map<String, String> out, String name, String value) {
    if (name == null || value == null) {
      return;
    }
    String key = name.toLowerCase(Locale.ROOT);
    String prev = out.putIfAbsent(key, value);
    if (prev != null && !prev.equals(value)) {
      out.put(key, CONFLICT);
    }
  }

  /** The header's value, or null when absent or ambiguous. */
  public String get(String name) {
    String v = byLowerName.get(name.toLowerCase(Locale.ROOT));
    return v == CONFLICT ? null : v;
  }

  /** Whether the header came more than once with different values. */
  public boolean ambiguous(String name) {
    return byLowerName.get(name.toLowerCase(Locale.ROOT)) == CONFLICT;
  }
}
