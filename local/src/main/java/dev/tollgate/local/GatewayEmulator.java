package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What API Gateway does in front of the user's API: runs the REQUEST authorizer on every
 * request (caching off), then proxies an Allow to the upstream (or a built-in echo) with
 * the authorizer's context as {@code x-tollgate-*} headers, and answers a Deny, a 401 and
 * an authorizer failure with the template's gateway responses.
 */
final class GatewayEmulator {
  /** The template's ACCESS_DENIED body, filled from {@code $context.authorizer.*} verbatim. */
  static final String ACCESS_DENIED_TEMPLATE = "{\"error\":\"$code\",\"message\":\"$message\",\"upgradeUrl\":\"$upgradeUrl\","
      + "\"limit\":$limit,\"used\":$used,\"resetAt\":\"$resetAt\"}";
  /** The template's UNAUTHORIZED body. */
  static final String UNAUTHORIZED_BODY = "{\"error\":\"unauthorized\",\"message\":\"Missing or invalid credentials\"}";
  /** The template's AUTHORIZER_FAILURE body. */
  static final String UNAVAILABLE_BODY = "{\"error\":\"unavailable\",\"message\":\"Usage check temporarily unavailable, "
      + "retry shortly\"}";

  private final LambdaInvokeApi lambda;
  private final URI upstream;
  private final HttpClient http;
  private final Clock clock;

  GatewayEmulator(LambdaInvokeApi lambda, URI upstream, Clock clock) {
    this.lambda = lambda;
    this.upstream = upstream;
    this.clock = clock;
    this.http = upstream == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  void handle(HttpExchange ex) throws IOException {
    JsonObject event = ApiGatewayEvents.authorizerRequest(ex, clock.instant());
    LambdaInvokeApi.Result r = lambda.invoke(lambda.function(LocalStack.AUTHORIZER), bytes(event));
    if (r.error() != null) {
      if ("Unauthorized".equals(r.error().getMessage())) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        HttpExchanges.json(ex, 401, UNAUTHORIZED_BODY);
      } else {
        System.err.println("authorizer failed (AUTHORIZER_FAILURE, 503): " + r.error());
        ex.getResponseHeaders().set("Retry-After", "5");
        HttpExchanges.json(ex, 503, UNAVAILABLE_BODY);
      }
      return;
    }
    JsonObject policy = Json.object(new String(r.body(), StandardCharsets.UTF_8));
    Map<String, String> context = context(policy);
    if (!"Allow".equals(effect(policy))) {
      HttpExchanges.json(ex, 402, accessDenied(context));
      return;
    }
    Map<String, String> forwarded = new LinkedHashMap<>();
    forwarded.put("X-Tollgate-User", policy.get("principalId").getAsString());
    context.forEach((k, v) -> forwarded.put("x-tollgate-" + k.toLowerCase(Locale.ROOT), v));
    if (upstream == null) {
      echo(ex, policy, context, forwarded);
    } else {
      proxy(ex, forwarded);
    }
  }

  /** The 402 body exactly as the gateway response template renders it. */
  static String accessDenied(Map<String, String> context) {
    String body = ACCESS_DENIED_TEMPLATE;
    for (String k : List.of("code", "message", "upgradeUrl", "limit", "used", "resetAt")) {
      body = body.replace("$" + k, context.getOrDefault(k, ""));
    }
    return body;
  }

  private static String effect(JsonObject policy) {
    JsonArray statements = policy.getAsJsonObject("policyDocument").getAsJsonArray("Statement");
    String effect = "Deny";
    for (JsonElement s : statements) {
      effect = s.getAsJsonObject().get("Effect").getAsString();
      if ("Deny".equals(effect)) {
        return effect;
      }
    }
    return effect;
  }

  /** Context values as API Gateway hands them on: strings. */
  private static Map<String, String> context(JsonObject policy) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonElement ctx = policy.get("context");
    if (ctx != null && ctx.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : ctx.getAsJsonObject().entrySet()) {
        out.put(e.getKey(), e.getValue().isJsonNull() ? "" : e.getValue().getAsString());
      }
    }
    return out;
  }

  private void echo(HttpExchange ex, JsonObject policy, Map<String, String> context, Map<String, String> forwarded)
      throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("echo", "Allowed by the Tollgate authorizer; start with --upstream URL to reach your API");
    body.addProperty("method", ex.getRequestMethod());
    body.addProperty("path", ex.getRequestURI().getPath());
    body.addProperty("user", policy.get("principalId").getAsString());
    body.add("authorizer", Json.GSON.toJsonTree(context));
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
    ex.getRequestHeaders().forEach((k, vs) -> {
      if (!ApiGatewayEvents.NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !k.toLowerCase(Locale.ROOT)
          .startsWith("x-tollgate-")) {
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

  private static byte[] bytes(JsonObject o) {
    return Json.GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
  }
}
