package dev.tollgate.plan;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code email.upgradeUrl} — the one place upgrade links are made, for the 402 body
 * and the emails alike. {@code {{userId}}} becomes the account's
 * {@link ClientReferenceId#encode Stripe-safe reference}, so a Payment Link keeps it as
 * {@code client_reference_id}; every value is URL-encoded. Unknown placeholders stay as written.
 */
public final class UpgradeUrl {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

  private UpgradeUrl() {}

  /** {@code template} for {@code accountId}, with the other placeholders from {@code values}. */
  public static String render(String template, String accountId, Map<String, String> values) {
    if (template.indexOf('{') < 0) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      String name = m.group(1);
      String value = name.equals("userId") ? ClientReferenceId.encode(accountId) : values.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group()
          : URLEncoder.encode(value, StandardCharsets.UTF_8)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
