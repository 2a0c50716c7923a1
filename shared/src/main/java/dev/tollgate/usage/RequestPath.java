package dev.tollgate.usage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalises a request path so that trivially different spellings of one endpoint count
 * alike: the query is dropped, percent-escapes are decoded (an encoded {@code /} or
 * {@code \} separates segments too), empty and {@code .} segments vanish, {@code ..} pops.
 */
public final class RequestPath {
  private RequestPath() {}

  /** The normalised segments of {@code rawPath} (never null; empty for {@code /}). */
  public static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>(8);
    if (rawPath == null) {
      return out;
    }
    int q = rawPath.indexOf('?');
    String path = q >= 0 ? rawPath.substring(0, q) : rawPath;
    if (path.indexOf('%') >= 0) {
      path = decode(path);
    }
    int start = 0;
    int n = path.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || path.charAt(i) == '/' || path.charAt(i) == '\\') {
        if (i > start) {
          String seg = path.substring(start, i);
          if (seg.equals("..")) {
            if (!out.isEmpty()) {
              out.remove(out.size() - 1);
            }
          } else if (!seg.equals(".")) {
            out.add(seg);
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  /**
   * Candidate segment lists for one request: the path itself and, when it starts with the
   * stage name (as {@code requestContext.path} does on the default endpoint), without it.
   * {@code contextPath} is only read when the event has no {@code path}: both name the same
   * request, so parsing the second would be work done twice on every call.
   */
  public static List<List<String>> candidates(String path, String contextPath, String stage) {
    List<List<String>> out = new ArrayList<>(2);
    addWithStage(out, segments(path != null ? path : contextPath), stage);
    return out;
  }

  private static void addWithStage(List<List<String>> out, List<String> segs, String stage) {
    addDistinct(out, segs);
    if (stage != null && !stage.isEmpty() && !segs.isEmpty() && segs.get(0).equals(stage)) {
      addDistinct(out, segs.subList(1, segs.size()));
    }
  }

  private static void addDistinct(List<List<String>> out, List<String> segs) {
    if (!out.contains(segs)) {
      out.add(segs);
    }
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
