package dev.tollgate.config;

import java.util.List;

/**
 * An endpoint pattern over normalised routes ({@code dev.tollgate.usage.RequestPath}; literal
 * segments compare ignoring case, and must be in the normal form requests are compared in):
 * {@code *} is exactly one segment,
 * {@code **} any number of segments (zero or more); other segments match literally.
 */
public final class EndpointGlob {
  private final String pattern;
  private final String[] segments;

  private EndpointGlob(String pattern, String[] segments) {
    this.pattern = pattern;
    this.segments = segments;
  }

  /** Parses {@code pattern}, or fails with a {@link ConfigException} at {@code path}. */
  public static EndpointGlob parse(String path, String pattern) {
    String expected = "an endpoint glob like /api/features/* or /api/** (leading /, '*' or '**' as whole segments)";
    if (pattern == null || !pattern.startsWith("/") || pattern.contains("//") || pattern.contains("?")
        || pattern.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new ConfigException(path, expected + ", got " + Node.describe(pattern));
    }
    String body = pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(1, pattern.length() - 1)
        : pattern.substring(1);
    String[] segs = body.isEmpty() ? new String[0] : body.split("/");
    for (String s : segs) {
      boolean wildcard = s.equals("*") || s.equals("**");
      if (!wildcard && s.contains("*")) {
        throw new ConfigException(path, expected + "; segment '" + s + "' mixes '*' with text");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new ConfigException(path, expected + "; segment '" + s + "' is not allowed");
      }
      String why = notNormal(s);
      if (why != null) {
        throw new ConfigException(path, expected + "; segment '" + s + "' " + why);
      }
    }
    return new EndpointGlob(pattern, segs);
  }

  /**
   * Why a literal segment could never equal a normalised request segment (requests are
   * compared decoded, without {@code ;} matrix parameters, trimmed of trailing dots), or null.
   */
  private static String notNormal(String s) {
    if (s.indexOf(';') >= 0) {
      return "has ';': matrix parameters are stripped from requests before matching, write the segment without them";
    }
    if (s.indexOf('%') >= 0) {
      return "has '%': requests are matched decoded, write the character itself";
    }
    if (s.indexOf('\\') >= 0) {
      return "has '\\': a backslash separates segments like '/'";
    }
    if (s.endsWith(".")) {
      return "ends with '.': trailing dots are trimmed from requests before matching";
    }
    if (s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      return "has whitespace";
    }
    return null;
  }

  /** Whether the normalised path (as segments, no empty ones) matches. */
  public boolean matches(List<String> pathSegments) {
    return match(0, pathSegments, 0);
  }

  private boolean match(int gi, List<String> path, int pi) {
    while (gi < segments.length) {
      String g = segments[gi];
      if (g.equals("**")) {
        if (gi == segments.length - 1) {
          return true;
        }
        for (int k = pi; k <= path.size(); k++) {
          if (match(gi + 1, path, k)) {
            return true;
          }
        }
        return false;
      }
      if (pi >= path.size()) {
        return false;
      }
      if (!g.equals("*") && !g.equalsIgnoreCase(path.get(pi))) {
        return false;
      }
      gi++;
      pi++;
    }
    return pi == path.size();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
