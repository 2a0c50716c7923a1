package dev.tollgate.local;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * API Gateway's HTTP integration to the user's API, as the local stack emulates it: the call
 * goes to the upstream with the client's headers (less hop-by-hop ones) and the integration
 * headers, which replace the client's; a failed upstream is a 502, a timed-out one a 504.
 * With no upstream, a built-in echo answers.
 */
final class UpstreamIntegration {
  private final URI upstream;
  private final HttpClient http;

  UpstreamIntegration(URI upstream) {
    this.upstream = upstream;
    this.http = upstream == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A call the authorizer allowed: to the upstream, or the echo (the caller, its context, the integration headers). */
  void allowed(HttpExchange ex, String principalId, Map<String, String> context, Map<String, String> forwarded)
      throws IOException {
    if (upstream == null) {
      echo(ex, principalId, context, forwarded);
    } else {
      proxy(ex, forwarded);
    }
  }

  /** A method without the authorizer (CORS preflight): straight to the upstream, or 200 from the echo. */
  void pass(HttpExchange ex, Map<String, String> forwarded) throws IOException {
    if (upstream == null) {
      HttpExchanges.send(ex, 200, null, null);
    } else {
      proxy(ex, forwarded);
    }
  }

  private void echo(HttpExchange ex, String principalId, Map<String, String> context, Map<String, String> forwarded)
      throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("echo", "Allowed by the Tollgate authorizer; start with --upstream URL to reach your API");
    body.addProperty("method", ex.getRequestMethod());
    body.addProperty("path", ex.getRequestURI().getPath());
    body.addProperty("user", principalId);
    body.add("authorizer", Json.GSON.toJsonTree(context));
    body.add("headers", Json.GSON.toJsonTree(forwarded));
    forwarded.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    HttpExchanges.send(ex, 200, "application/json", Json.PRETTY.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private void proxy(HttpExchange ex, Map<String, String> forwarded) throws IOException {
    String raw = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
        : "?" + ex.getRequestURI().getRawQuery());
    String base = upstream.toString().endsWith("/") ? upstream.toString().substring(0, upstream.toString().length() - 1)
        : upstream.toString();
    byte[] body = HttpExchanges.body(ex);
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + raw)).timeout(Duration.ofSeconds(29))
        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    Set<String> replaced = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    replaced.addAll(forwarded.keySet());
    // the client's headers go through, except hop-by-hop ones and those the gateway sets itself
    ex.getRequestHeaders().forEach((k, vs) -> {
      if (!ApiGatewayEvents.NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !replaced.contains(k)) {
        vs.forEach(v -> req.header(k, v));
      }
    });
    forwarded.forEach(req::header);
    HttpResponse<byte[]> res;
    try {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      HttpExchanges.json(ex, 504, "{\"message\": \"Endpoint request timed out\"}");
      return;
    } catch (IOException e) {
      System.err.println("upstream " + upstream + " failed: " + e);
      HttpExchanges.json(ex, 502, "{\"message\": \"Internal server error\"}");
      return;
    }
    res.headers().map().forEach((k, vs) -> {
      if (!ApiGatewayEvents.NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !k.equals(":status")) {
        vs.forEach(v -> ex.getResponseHeaders().add(k, v));
      }
    });
    HttpExchanges.send(ex, res.statusCode(), null, res.body());
  }
}
