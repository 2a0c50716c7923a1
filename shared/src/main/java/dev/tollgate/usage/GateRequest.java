package dev.tollgate.usage;

import dev.tollgate.identity.RequestHeaders;
import java.util.List;

/**
 * What the gate matches one request on.
 *
 * @param method the HTTP method as received (any case; may be null)
 * @param routes candidate normalised segment lists of the route ({@link RequestRoute}); a gate
 *     matching any of them counts the request
 * @param corsPreflight whether the request is a CORS preflight ({@code OPTIONS} with
 *     {@code Origin} and {@code Access-Control-Request-Method}): a browser sends it on its own,
 *     without credentials, before the real call, so it is never counted
 */
public record GateRequest(String method, List<List<String>> routes, boolean corsPreflight) {

  /** The request {@code method} on {@code routes} with {@code headers} (null headers: not a preflight). */
  public static GateRequest of(String method, List<List<String>> routes, RequestHeaders headers) {
    boolean preflight = "OPTIONS".equalsIgnoreCase(method) && headers != null && headers.get("Origin") != null
        && headers.get("Access-Control-Request-Method") != null;
    return new GateRequest(method, routes, preflight);
  }
}
