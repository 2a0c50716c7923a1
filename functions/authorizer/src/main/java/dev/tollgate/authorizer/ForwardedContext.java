package dev.tollgate.authorizer;

import java.util.List;

/**
 * The authorizer context an allowed call carries to the backend: API Gateway sets each key as
 * an {@code X-Tollgate-*} integration request header, and the IETF RateLimit fields under their
 * own names {@code RateLimit-Policy} and {@code RateLimit} (template.yaml maps them; the deploy tests
 * hold the template, the local gateway and the authorizer to this list), overwriting whatever
 * the client sent under that name. Every key is in every Allow, empty when it does not apply,
 * so no client value ever passes for the gateway's.
 */
public final class ForwardedContext {
  /** The context keys of an Allow, in header order. */
  public static final List<String> KEYS = List.of("userId", "accountId", "plan", "loop", "used", "limit", "remaining",
      "resetAt", "credits", "overage", "failOpen", "gatewaySecret", "rateLimitPolicy", "rateLimit");
  /** The header carrying the policy's principalId (the user id). */
  public static final String PRINCIPAL_HEADER = "X-Tollgate-User";
  /** The context key of the gateway secret, which lets the backend tell gateway traffic from direct calls. */
  public static final String GATEWAY_SECRET = "gatewaySecret";
  /** The environment (or secret) name of the gateway secret's value. */
  public static final String GATEWAY_SECRET_ENV = "GATEWAY_SECRET";

  private ForwardedContext() {}

  /**
   * The header of {@code key}: {@code X-Tollgate-} and the key's words, e.g. {@code resetAt} →
   * {@code X-Tollgate-Reset-At}; the RateLimit fields keep their IETF names, ready to copy.
   */
  public static String header(String key) {
    if (key.equals("rateLimitPolicy")) {
      return "RateLimit-Policy";
    }
    if (key.equals("rateLimit")) {
      return "RateLimit";
    }
    StringBuilder h = new StringBuilder("X-Tollgate-");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (i == 0) {
        h.append(Character.toUpperCase(c));
      } else if (Character.isUpperCase(c)) {
        h.append('-').append(c);
      } else {
        h.append(c);
      }
    }
    return h.toString();
  }
}
