package dev.tollgate.local.gateway;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A method of a path in the API's definition, as the local gateway serves it: whether the
 * usage authorizer runs first, and the integration request headers the gateway sets
 * ({@code integration.request.header.X}) from the authorizer's context, a static value or a
 * request header.
 *
 * @param resource the definition's path, e.g. {@code /{proxy+}}
 * @param authorized whether the default (usage) authorizer runs on this method
 * @param headers integration header name to its mapping expression
 * @param function the logical id of the function a Lambda proxy route invokes (null for the
 *     HTTP proxy to the backend)
 */
public record Route(String resource, boolean authorized, Map<String, String> headers, String function) {
  private static final String CONTEXT = "context.authorizer.";
  private static final String REQUEST = "method.request.header.";

  /** Checks the mappings are ones the local gateway can set. */
  public Route {
    headers.forEach((name, expr) -> {
      if (!expr.startsWith(CONTEXT) && !expr.startsWith(REQUEST) && !(expr.startsWith("'") && expr.endsWith("'"))) {
        throw new IllegalArgumentException("route " + resource + ": integration header " + name + " maps '" + expr
            + "'; the local gateway sets context.authorizer.*, method.request.header.* and 'static' values only");
      }
    });
    headers = Map.copyOf(headers);
  }

  /** An HTTP proxy route to the backend. */
  public Route(String resource, boolean authorized, Map<String, String> headers) {
    this(resource, authorized, headers, null);
  }

  /**
   * The headers the gateway sets on the integration request: {@code principalId} and the
   * authorizer {@code context} (a missing value is sent empty), static values, request headers.
   */
  public Map<String, String> forwarded(String principalId, Map<String, String> context, Map<String, String> requestHeaders) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, expr) -> {
      if (expr.equals(CONTEXT + "principalId")) {
        out.put(name, principalId);
      } else if (expr.startsWith(CONTEXT)) {
        out.put(name, context.getOrDefault(expr.substring(CONTEXT.length()), ""));
      } else if (expr.startsWith(REQUEST)) {
        String wanted = expr.substring(REQUEST.length()).toLowerCase(Locale.ROOT);
        requestHeaders.forEach((k, v) -> {
          if (k.toLowerCase(Locale.ROOT).equals(wanted)) {
            out.put(name, v);
          }
        });
      } else {
        out.put(name, expr.substring(1, expr.length() - 1));
      }
    });
    return out;
  }
}
