package dev.tollgate.identity;

/**
 * Whether a string is exactly one email address that is safe to put in a {@code to} field:
 * an RFC 5322 {@code addr-spec} in its dot-atom form, {@code local@domain}, with a DNS host
 * name as the domain. Refused, whatever else RFC 5322 allows in a header: display names
 * ({@code Ada <ada@example.com>}), lists ({@code a@x.com, b@y.com}), comments, quoted local
 * parts, domain literals, whitespace and control characters (CR/LF could start a new header),
 * non-ASCII, and anything longer than SMTP carries (64 characters before the {@code @}, 254
 * in all, RFC 5321).
 */
public final class EmailAddress {
  /** Longest address (RFC 5321 path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;
  /** Longest local part (RFC 5321). */
  public static final int MAX_LOCAL_LENGTH = 64;
  /** RFC 5322 {@code atext} besides letters and digits. */
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private EmailAddress() {}

  /** Whether {@code s} is one dot-atom {@code addr-spec} with a host name domain (see the class comment). */
  public static boolean isAddrSpec(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      return false;
    }
    int at = s.indexOf('@');
    if (at <= 0 || at > MAX_LOCAL_LENGTH || at != s.lastIndexOf('@')) {
      return false;
    }
    return dotAtom(s, 0, at) && hostName(s, at + 1, s.length());
  }

  private static boolean dotAtom(String s, int from, int to) {
    boolean afterDot = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (afterDot) {
          return false;
        }
        afterDot = true;
      } else if (letterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0) {
        afterDot = false;
      } else {
        return false;
      }
    }
    return !afterDot;
  }

  /** Two or more labels of letters, digits and inner hyphens, 1-63 characters each. */
  private static boolean hostName(String s, int from, int to) {
    int labels = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i < to && s.charAt(i) != '.') {
        char c = s.charAt(i);
        if (!letterOrDigit(c) && c != '-') {
          return false;
        }
        continue;
      }
      int len = i - start;
      if (len < 1 || len > 63 || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
        return false;
      }
      labels++;
      start = i + 1;
    }
    return labels >= 2;
  }

  private static boolean letterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }
}
