package dev.tollgate.usage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalises a request path the way the backends behind the gate do before they route, so
 * that no spelling of a gated endpoint can skip counting: the query is dropped, percent-escapes
 * are decoded (repeatedly, so double-encoding hides nothing; an encoded {@code /} or {@code \}
 * separates segments too), each segment loses its {@code ;} matrix parameters (Jetty, Tomcat
 * and Spring strip them before routing), empty and {@code .} segments vanish, {@code ..} pops,
 * and surrounding whitespace and trailing dots are trimmed from a segment (some servers and
 * frameworks trim them; a segment made only of them is kept as it is, so it still takes its
 * place).
 */
public final class RequestPath {
  private RequestPath() {}

  /** The normalised segments of {@code rawPath} (never null; empty for {@code /}). */
  public static List<String> segments(String rawPath) {
    List<String> pieces = new ArrayList<>(8);
    if (rawPath == null) {
      return pieces;
    }
    int q = rawPath.indexOf('?');
    split(decode(q >= 0 ? rawPath.substring(0, q) : rawPath), pieces);
    return normalise(pieces);
  }

  /**
   * Candidate segment lists for a request known only by its path: the path itself and, when
   * it starts with the stage name (as {@code requestContext.path} does on the default
   * endpoint), without it. {@code contextPath} is only read when the event has no {@code path}:
   * both name the same request, so parsing the second would be work done twice on every call.
   */
  public static List<List<String>> candidates(String path, String contextPath, String stage) {
    List<List<String>> out = new ArrayList<>(2);
    List<String> segs = segments(path != null ? path : contextPath);
    out.add(segs);
    if (stage != null && !stage.isEmpty() && !segs.isEmpty() && segs.get(0).equals(stage)) {
      out.add(segs.subList(1, segs.size()));
    }
    return out;
  }

  /** Adds the pieces of an already decoded {@code path} between {@code /} and {@code \} separators. */
  static void split(String path, List<String> into) {
    int start = 0;
    int n = path.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || path.charAt(i) == '/' || path.charAt(i) == '\\') {
        if (i > start) {
          into.add(path.substring(start, i));
        }
        start = i + 1;
      }
    }
  }

  /** The normalised segments of decoded {@code pieces} (see the class comment). */
  static List<String> normalise(List<String> pieces) {
    List<String> out = new ArrayList<>(pieces.size());
    for (String piece : pieces) {
      int semi = piece.indexOf(';');
      String seg = semi >= 0 ? piece.substring(0, semi) : piece;
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(trim(seg));
    }
    return out;
  }

  /** {@code seg} without surrounding whitespace and trailing dots, unless nothing else is left. */
  static String trim(String seg) {
    int from = 0;
    int to = seg.length();
    while (from < to && blank(seg.charAt(from))) {
      from++;
    }
    while (to > from && (blank(seg.charAt(to - 1)) || seg.charAt(to - 1) == '.')) {
      to--;
    }
    if (from == to) {
      return seg;
    }
    return from == 0 && to == seg.length() ? seg : seg.substring(from, to);
  }

  private static boolean blank(char c) {
    return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Percent-decodes (repeatedly, so double-encoding cannot hide a segment); bad escapes stay as they are. */
  static String decode(String s) {
    String cur = s;
    for (int round = 0; round < 3 && cur.indexOf('%') >= 0; round++) {
      String next = decodeOnce(cur);
      if (next.equals(cur)) {
        break;
      }
      cur = next;
    }
    return cur;
  }

  private static String decodeOnce(String s) {
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        run.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
        continue;
      }
      flush(run, out);
      out.append(c);
    }
    flush(run, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream run, StringBuilder out) {
    if (run.size() > 0) {
      out.append(run.toString(StandardCharsets.UTF_8));
      run.reset();
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
