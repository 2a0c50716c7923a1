package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Plan;
import java.time.Duration;
import java.util.Map;

/** Reads {@code checkout}: the signed upgrade link and what its Checkout and Portal sessions use. */
final class CheckoutReader {
  /** How long an upgrade link stays valid when {@code checkout.linkTtl} is not set (an email sequence's span). */
  static final Duration DEFAULT_LINK_TTL = Duration.ofDays(7);

  private CheckoutReader() {}

  static CheckoutConfig checkout(Node n, Map<String, Plan> plans) {
    String linkBaseUrl = url(n, "linkBaseUrl");
    String planName = n.str("plan");
    Plan plan = plans.get(planName);
    if (plan == null) {
      throw new ConfigException(n.at("plan"), "one of the plans " + plans.keySet() + ", got '" + planName + "'");
    }
    if (plan.stripePrices().isEmpty()) {
      throw new ConfigException(n.at("plan"), "a plan with stripePrices (the first is the price sold); plans."
          + planName + " has none");
    }
    String success = url(n, "successUrl");
    String cancel = url(n, "cancelUrl");
    String portalReturn = url(n, "portalReturnUrl");
    Duration ttl = n.has("linkTtl") ? Durations.parse(n.at("linkTtl"), n.raw("linkTtl")) : DEFAULT_LINK_TTL;
    if (ttl.isZero() || ttl.isNegative()) {
      throw new ConfigException(n.at("linkTtl"), "a positive duration such as 7d");
    }
    n.finish();
    return new CheckoutConfig(linkBaseUrl, planName, plan.stripePrices().get(0), success, cancel, portalReturn, ttl);
  }

  private static String url(Node n, String key) {
    String value = n.str(key);
    SettingsReader.uri(n.at(key), value);
    return value;
  }
}
