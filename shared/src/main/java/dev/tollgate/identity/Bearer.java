package dev.tollgate.identity;

/** Reads {@code Bearer <credential>} header values (RFC 6750; the scheme is case-insensitive). */
final class Bearer {
  private static final String SCHEME = "Bearer ";

  private Bearer() {}

  /** The credential after the scheme, or null when the value is not a single bearer credential. */
  static String credential(String headerValue) {
    if (headerValue == null || !headerValue.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String c = headerValue.substring(SCHEME.length()).strip();
    if (c.isEmpty()) {
      return null;
    }
    for (int i = 0; i < c.length(); i++) {
      if (Character.isWhitespace(c.charAt(i))) {
        return null;
      }
    }
    return c;
  }
}
