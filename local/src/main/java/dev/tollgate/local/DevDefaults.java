package dev.tollgate.local;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets the local stack uses when the environment does not set them. They are
 * printed at start-up and must never be used anywhere real; the JWT secret is the one the
 * sample events in {@code events/authorizer} are signed with, so those replay as they are.
 */
final class DevDefaults {
  static final String JWT_SECRET_ENV = "JWT_SECRET";
  static final String JWT_SECRET = "tollgate-sample-secret-0123456789abcdef";
  static final String WEBHOOK_SECRET_ENV = "STRIPE_WEBHOOK_SECRET";
  static final String WEBHOOK_SECRET = "whsec_tollgate_local_dev_secret";
  static final String UNSUBSCRIBE_SECRET_ENV = "UNSUBSCRIBE_SECRET";
  static final String UNSUBSCRIBE_SECRET = "tollgate-local-unsubscribe-secret-0123456789";
  /**
   * The API key {@code events/authorizer/api-key.json} carries: registered (for
   * {@link #SAMPLE_USER}) only in the stack's own embedded Redis under identity apiKey, never
   * in a Redis given with REDIS_URL.
   */
  static final String SAMPLE_API_KEY = "tg_localSampleKeyNeverUseItAnywhereReal0000000";
  /** The user of the sample events (the JWT samples' subject). */
  static final String SAMPLE_USER = "user_free_1";
  static final String SAMPLE_EMAIL = "ada@example.com";
  /** What the gateway sends your backend as X-Tollgate-Gateway-Secret, so a local backend can test its check. */
  static final String GATEWAY_SECRET_ENV = "GATEWAY_SECRET";
  static final String GATEWAY_SECRET = "tollgate-local-gateway-secret-0123456789";

  private DevDefaults() {}

  /**
   * {@code env} with each unset secret filled with its dev default; the names of the
   * defaulted ones are put in {@code defaulted} (to print, without values for the real ones).
   */
  static Map<String, String> apply(Map<String, String> env, Map<String, String> defaulted) {
    Map<String, String> out = new HashMap<>(env);
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(JWT_SECRET_ENV, JWT_SECRET);
    defaults.put(WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
    defaults.put(UNSUBSCRIBE_SECRET_ENV, UNSUBSCRIBE_SECRET);
    defaults.put(GATEWAY_SECRET_ENV, GATEWAY_SECRET);
    defaults.forEach((k, v) -> {
      String cur = out.get(k);
      if (cur == null || cur.isBlank()) {
        out.put(k, v);
        defaulted.put(k, v);
      }
    });
    return out;
  }

  /** The webhook secret {@code stripe send} signs with: the env's first one, else the dev default. */
  static String webhookSecret(Map<String, String> env) {
    String s = env.get(WEBHOOK_SECRET_ENV);
    if (s == null || s.isBlank()) {
      return WEBHOOK_SECRET;
    }
    return s.split(",")[0].trim();
  }

  /** The JWT secret {@code token} signs with. */
  static String jwtSecret(Map<String, String> env, String envName) {
    String s = env.get(envName);
    return s == null || s.isBlank() ? JWT_SECRET : s;
  }
}
