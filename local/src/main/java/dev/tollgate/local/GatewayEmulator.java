package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.tollgate.local.gateway.GatewayResponse;
import dev.tollgate.local.gateway.GatewayTemplate;
import dev.tollgate.local.gateway.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What API Gateway does in front of the user's API, answered from template.yaml
 * ({@link GatewayTemplate}): on a method with the usage authorizer it runs it (caching off);
 * an Allow is proxied to the upstream (or a built-in echo) with the integration headers the
 * template maps from the authorizer's context, replacing the client's; a Deny, a 401 and an
 * authorizer that throws anything else ({@code AUTHORIZER_CONFIGURATION_ERROR}, as AWS
 * classifies it) get the template's gateway responses. An allowed call to a function route
 * behind the authorizer ({@code GET /usage}) invokes that function, as a Lambda proxy
 * integration does. The HTTP integration to the user's API is {@link UpstreamIntegration}.
 */
final class GatewayEmulator {
  /** API Gateway's own answers for the response types the template does not define. */
  private static final Map<String, GatewayResponse> AWS_DEFAULTS = Map.of(
      "ACCESS_DENIED", new GatewayResponse("ACCESS_DENIED", 403, Map.of(), "application/json",
          "{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}"),
      "UNAUTHORIZED", new GatewayResponse("UNAUTHORIZED", 401, Map.of(), "application/json", "{\"message\":\"Unauthorized\"}"),
      "AUTHORIZER_CONFIGURATION_ERROR", new GatewayResponse("AUTHORIZER_CONFIGURATION_ERROR", 500, Map.of(),
          "application/json", "{\"message\": null}"),
      "MISSING_AUTHENTICATION_TOKEN", new GatewayResponse("MISSING_AUTHENTICATION_TOKEN", 403, Map.of(), "application/json",
          "{\"message\":\"Missing Authentication Token\"}"));

  private final LambdaInvokeApi lambda;
  private final UpstreamIntegration integration;
  private final Clock clock;
  private final GatewayTemplate template;

  GatewayEmulator(LambdaInvokeApi lambda, URI upstream, Clock clock, GatewayTemplate template) {
    this.lambda = lambda;
    this.clock = clock;
    this.template = template;
    this.integration = new UpstreamIntegration(upstream);
  }

  /** Answers {@code ex} as API Gateway would. */
  void handle(HttpExchange ex) throws IOException {
    Map<String, String> requestHeaders = HttpExchanges.headers(ex);
    Route route = template.route(ex.getRequestMethod(), ex.getRequestURI().getPath()).orElse(null);
    if (route == null) {
      answer(ex, "MISSING_AUTHENTICATION_TOKEN", Map.of(), requestHeaders);
      return;
    }
    if (!route.authorized()) {
      integration.pass(ex, route.forwarded("", Map.of(), requestHeaders));
      return;
    }
    JsonObject event = route.function() == null ? ApiGatewayEvents.authorizerRequest(ex, clock.instant())
        : ApiGatewayEvents.authorizerRequest(ex, route.resource(), clock.instant());
    LambdaInvokeApi.Result r = lambda.invoke(lambda.function(LocalStack.AUTHORIZER), bytes(event));
    JsonObject policy = r.error() == null ? policy(r.body()) : null;
    if (policy == null) {
      if (r.error() != null && "Unauthorized".equals(r.error().getMessage())) {
        answer(ex, "UNAUTHORIZED", Map.of(), requestHeaders);
      } else {
        System.err.println("authorizer failed (AUTHORIZER_CONFIGURATION_ERROR): "
            + (r.error() != null ? r.error() : "its answer is not a policy: " + new String(r.body(), StandardCharsets.UTF_8)));
        answer(ex, "AUTHORIZER_CONFIGURATION_ERROR", Map.of(), requestHeaders);
      }
      return;
    }
    Map<String, String> context = context(policy);
    if (!"Allow".equals(effect(policy))) {
      answer(ex, "ACCESS_DENIED", context, requestHeaders);
      return;
    }
    if (route.function() != null) {
      invoke(ex, route, policy.get("principalId").getAsString(), context);
      return;
    }
    String principalId = policy.get("principalId").getAsString();
    integration.allowed(ex, principalId, context, route.forwarded(principalId, context, requestHeaders));
  }

  /** A Lambda proxy route: its function gets the request with the authorizer's context in {@code requestContext.authorizer}. */
  private void invoke(HttpExchange ex, Route route, String principalId, Map<String, String> context) throws IOException {
    LambdaFunction<?, ?> fn = lambda.function(route.function());
    if (fn == null) {
      System.err.println(route.function() + " (" + route.resource() + ") is not served by the local stack");
      HttpExchanges.json(ex, 502, "{\"message\": \"Internal server error\"}");
      return;
    }
    JsonObject event = ApiGatewayEvents.proxyRequest(ex, HttpExchanges.body(ex), route.resource(), clock.instant());
    JsonObject authorizer = new JsonObject();
    authorizer.addProperty("principalId", principalId);
    context.forEach(authorizer::addProperty);
    event.getAsJsonObject("requestContext").add("authorizer", authorizer);
    ApiGatewayEvents.writeProxyResponse(ex, lambda.invoke(fn, bytes(event)));
  }

  /** The template's gateway response of {@code type} (API Gateway's default when it has none). */
  private void answer(HttpExchange ex, String type, Map<String, String> context, Map<String, String> requestHeaders)
      throws IOException {
    GatewayResponse.Rendered r = template.response(type).orElse(AWS_DEFAULTS.get(type)).render(context, requestHeaders);
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    HttpExchanges.send(ex, r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
  }

  /** A Lambda authorizer's answer as a policy, or null when it is not one (API Gateway rejects it). */
  private static JsonObject policy(byte[] body) {
    try {
      JsonObject p = Json.object(new String(body, StandardCharsets.UTF_8));
      return p.has("principalId") && p.has("policyDocument") ? p : null;
    } catch (RuntimeException e) {
      return null;
    }
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

  private static byte[] bytes(JsonObject o) {
    return Json.GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
  }
}
