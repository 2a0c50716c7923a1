package dev.tollgate.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The checkout section the tests add to a config, and reading a signed link back. */
public final class CheckoutSamples {
  /** A {@code checkout} section selling plan {@code paid} (as the README's example, on the sample plans). */
  public static final String SECTION = String.join("\n",
      "checkout:",
      "  linkBaseUrl: https://api.acme.dev/billing/upgrade",
      "  plan: paid",
      "  successUrl: https://app.acme.dev/billing/done",
      "  cancelUrl: https://app.acme.dev/pricing",
      "  portalReturnUrl: https://app.acme.dev/settings",
      "");

  private CheckoutSamples() {}

  /** The decoded query parameters of {@code link}, in order. */
  public static Map<String, String> query(String link) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String pair : URI.create(link).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }
}
