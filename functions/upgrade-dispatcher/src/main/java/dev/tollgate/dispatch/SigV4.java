package dev.tollgate.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, written out so the function jars need no AWS SDK:
 * canonical request, string to sign, the derived key ({@code AWS4 + secret} → date → region →
 * service → {@code aws4_request}) and the {@code Authorization} header. Proven against AWS's
 * published SigV4 test suite. Pure.
 */
public final class SigV4 {
  /** The timestamp format of {@code X-Amz-Date}. */
  public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private SigV4() {}

  /** Credentials: the access key id, its secret, and the session token of temporary ones (null: none). */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + ", secret hidden]";
    }
  }

  /**
   * The {@code Authorization} header value of a request. {@code headers} are every header to
   * sign, by name as sent (they must include {@code host} and {@code x-amz-date} = {@code at} in
   * {@link #AMZ_DATE} form, and {@code x-amz-security-token} with temporary credentials);
   * {@code path} is the request path before encoding; {@code query} the decoded parameters.
   */
  public static String authorization(String method, String path, Map<String, List<String>> query,
      Map<String, String> headers, byte[] body, Credentials credentials, String region, String service, Instant at) {
    String date = AMZ_DATE.format(at);
    String scope = date.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    TreeMap<String, String> canonical = canonicalHeaders(headers);
    String signedHeaders = String.join(";", canonical.keySet());
    String request = canonicalRequest(method, path, query, canonical, body);
    String toSign = ALGORITHM + "\n" + date + "\n" + scope + "\n" + hex(sha256(request.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + signature;
  }

  /** The canonical request (for tests and debugging). */
  static String canonicalRequest(String method, String path, Map<String, List<String>> query,
      TreeMap<String, String> canonicalHeaders, byte[] body) {
    StringBuilder b = new StringBuilder(256);
    b.append(method).append('\n').append(canonicalPath(path)).append('\n').append(canonicalQuery(query)).append('\n');
    canonicalHeaders.forEach((k, v) -> b.append(k).append(':').append(v).append('\n'));
    b.append('\n').append(String.join(";", canonicalHeaders.keySet())).append('\n').append(hex(sha256(body)));
    return b.toString();
  }

  /** Header names lower-cased and sorted; values trimmed with inner runs of spaces made one. */
  static TreeMap<String, String> canonicalHeaders(Map<String, String> headers) {
    TreeMap<String, String> out = new TreeMap<>();
    headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v.trim().replaceAll(" +", " ")));
    return out;
  }

  private static String canonicalPath(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    StringBuilder b = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      b.append(b.length() == 0 && segment.isEmpty() ? "" : "/").append(encode(segment));
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  private static String canonicalQuery(Map<String, List<String>> query) {
    List<String> pairs = new ArrayList<>();
    query.forEach((k, values) -> values.forEach(v -> pairs.add(encode(k) + "=" + encode(v))));
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters {@code A-Z a-z 0-9 - _ . ~}. */
  static String encode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_'
          || u == '.' || u == '~') {
        b.append((char) u);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(u & 0xf, 16)));
      }
    }
    return b.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
