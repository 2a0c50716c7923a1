package dev.tollgate.identity;

import java.util.List;
import java.util.Map;

/**
 * Request headers looked up case-insensitively. API Gateway may hand the same header twice
 * in different case (e.g. {@code Authorization} and {@code authorization}); when the copies
 * disagree the header is {@linkplain #ambiguous(String) ambiguous} and must not be trusted.
 * Lookups scan the event's own maps (a handful of headers): nothing is copied per request.
 */
public final class RequestHeaders {
  private final Map<String, String> single;
  private final Map<String, List<String>> multi;

  private RequestHeaders(Map<String, String> single, Map<String, List<String>> multi) {
    this.single = single;
    this.multi = multi;
  }

  /** Headers from API Gateway's single- and multi-value maps (either may be null). */
  public static RequestHeaders of(Map<String, String> single, Map<String, List<String>> multi) {
    return new RequestHeaders(single, multi);
  }

  /** Headers from a plain map (tests, the local stack). */
  public static RequestHeaders of(Map<String, String> single) {
    return new RequestHeaders(single, null);
  }

  /** The header's value, or null when absent or ambiguous. */
  public String get(String name) {
    String found = null;
    if (single != null) {
      for (Map.Entry<String, String> e : single.entrySet()) {
        String v = e.getValue();
        if (v != null && e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          if (found != null && !found.equals(v)) {
            return null;
          }
          found = v;
        }
      }
    }
    if (multi != null) {
      for (Map.Entry<String, List<String>> e : multi.entrySet()) {
        if (e.getValue() != null && e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          for (String v : e.getValue()) {
            if (v == null) {
              continue;
            }
            if (found != null && !found.equals(v)) {
              return null;
            }
            found = v;
          }
        }
      }
    }
    return found;
  }

  /** Whether the header came more than once with different values. */
  public boolean ambiguous(String name) {
    String first = null;
    boolean seen = false;
    if (single != null) {
      for (Map.Entry<String, String> e : single.entrySet()) {
        if (e.getValue() != null && e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          if (seen && !first.equals(e.getValue())) {
            return true;
          }
          first = e.getValue();
          seen = true;
        }
      }
    }
    if (multi != null) {
      for (Map.Entry<String, List<String>> e : multi.entrySet()) {
        if (e.getValue() != null && e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          for (String v : e.getValue()) {
            if (v == null) {
              continue;
            }
            if (seen && !first.equals(v)) {
              return true;
            }
            first = v;
            seen = true;
          }
        }
      }
    }
    return false;
  }
}
