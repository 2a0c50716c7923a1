package dev.tollgate.plan;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code email.upgradeUrl} — the one place upgrade links are made, for the 402 body
 * and the emails alike. {@code {{userId}}} and {@code {{accountId}}} become
 * {@link ClientReferenceId#encode Stripe-safe references}, so a Payment Link keeps them as
 * {@code client_reference_id}; every value is URL-encoded. Unknown placeholders stay as written.
 */
public final class UpgradeUrl {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

  private UpgradeUrl() {}

  /** {@code template} with its placeholders from {@code values} ({@code userId}, {@code accountId} raw). */
  public static String render(String template, Map<String, String> values) {
    if (template.indexOf('{') < 0) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value != null && (name.equals("userId") || name.equals("accountId"))) {
        value = ClientReferenceId.encode(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group()
          : URLEncoder.encode(value, StandardCharsets.UTF_8)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
