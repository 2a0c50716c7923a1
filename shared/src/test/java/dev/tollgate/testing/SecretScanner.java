package dev.tollgate.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails a test when a secret leaks into text a person could read: captured logs (see
 * {@link LogCapture}) or exception messages. Looks for each secret as is, URL-encoded, as
 * hex, and as base64 (standard and URL-safe) at every byte alignment — so it also catches a
 * secret inside a larger base64 blob such as a {@code Basic} header or a JWT. The failure
 * message names the form and position but never prints the secret.
 */
public final class SecretScanner {
  /** Base64 fragments shorter than this are too likely to match by chance to count. */
  private static final int MIN_FRAGMENT = 8;

  private SecretScanner() {}

  /** Fails if any of {@code secrets} appears in {@code text} in any of its forms. */
  public static void assertNoSecrets(String text, String... secrets) {
    List<String> findings = scan(text, secrets);
    if (!findings.isEmpty()) {
      throw new AssertionError("secret leaked: " + String.join("; ", findings));
    }
  }

  /**
   * Fails if any of {@code secrets} appears in the message, stack trace or causes of {@code
   * error} (the whole {@code printStackTrace} output, suppressed exceptions included).
   */
  public static void assertNoSecrets(Throwable error, String... secrets) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertNoSecrets(trace.toString(), secrets);
  }

  /** Where and how each secret appears in {@code text}; empty when clean. */
  public static List<String> scan(String text, String... secrets) {
    List<String> findings = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("an empty secret cannot be scanned for");
      }
      for (Map.Entry<String, String> form : forms(secret).entrySet()) {
        int at = text.indexOf(form.getValue());
        if (at >= 0) {
          findings.add(mask(secret) + " found " + form.getKey() + " at offset " + at);
        }
      }
    }
    return findings;
  }

  /** The searched-for forms of {@code secret}, by name. */
  static Map<String, String> forms(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("as is", secret);
    forms.putIfAbsent("URL-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.put("as hex", HexFormat.of().formatHex(bytes));
    for (int align = 0; align < 3; align++) {
      String fragment = base64Fragment(bytes, align);
      if (fragment.length() >= MIN_FRAGMENT) {
        forms.putIfAbsent("base64 (offset " + align + ")", fragment);
        forms.putIfAbsent("base64url (offset " + align + ")", fragment.replace('+', '-').replace('/', '_'));
      }
    }
    return forms;
  }

  /**
   * The base64 characters that depend only on {@code bytes} when they start {@code align}
   * bytes into a larger encoded value (the characters straddling a boundary are dropped).
   */
  private static String base64Fragment(byte[] bytes, int align) {
    byte[] padded = new byte[align + bytes.length];
    System.arraycopy(bytes, 0, padded, align, bytes.length);
    String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
    int first = (8 * align + 5) / 6;
    int last = (8 * (align + bytes.length) - 6) / 6;
    return last < first ? "" : encoded.substring(first, last + 1);
  }

  private static String mask(String secret) {
    return "secret '" + secret.substring(0, Math.min(2, secret.length())) + "...' (" + secret.length() + " chars)";
  }
}
