package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the events API Gateway (REST, stage {@code local}) would pass to Lambda for an
 * HTTP request, and writes a proxy integration's answer back as the gateway would.
 */
final class ApiGatewayEvents {
  /** The stage of the local API. */
  static final String STAGE = "local";
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private ApiGatewayEvents() {}

  /**
   * The REST API REQUEST authorizer event for {@code ex}, as JSON: on the template's
   * {@code /{proxy+}} resource with the decoded path as {@code pathParameters.proxy} (the
   * {@code /} resource, without path parameters, for the root), with every header and query
   * value in {@code multiValueHeaders} / {@code multiValueQueryStringParameters}.
   */
  static JsonObject authorizerRequest(HttpExchange ex, Instant now) {
    String decoded = ex.getRequestURI().getPath();
    return authorizerRequest(ex, decoded == null || decoded.isEmpty() || decoded.equals("/") ? "/" : "/{proxy+}", now);
  }

  /** The REQUEST authorizer event for {@code ex} on the API resource {@code resource} (e.g. {@code /usage}). */
  static JsonObject authorizerRequest(HttpExchange ex, String resource, Instant now) {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    JsonObject e = new JsonObject();
    e.addProperty("type", "REQUEST");
    e.addProperty("methodArn", "arn:aws:execute-api:local:000000000000:local/" + STAGE + "/" + method + path);
    common(e, ex, resource, now);
    return e;
  }

  /** The proxy integration event for {@code ex} with its raw {@code body}, on {@code resource}. */
  static JsonObject proxyRequest(HttpExchange ex, byte[] body, String resource, Instant now) {
    JsonObject e = new JsonObject();
    common(e, ex, resource, now);
    e.addProperty("body", body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
    e.addProperty("isBase64Encoded", false);
    return e;
  }

  private static void common(JsonObject e, HttpExchange ex, String resource, Instant now) {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    e.addProperty("resource", resource);
    e.addProperty("path", path);
    e.addProperty("httpMethod", method);
    e.add("headers", Json.GSON.toJsonTree(HttpExchanges.headers(ex)));
    e.add("multiValueHeaders", Json.GSON.toJsonTree(HttpExchanges.multiHeaders(ex)));
    Map<String, List<String>> query = HttpExchanges.multiQuery(ex.getRequestURI().getRawQuery());
    Map<String, String> last = new LinkedHashMap<>();
    query.forEach((k, v) -> last.put(k, v.get(v.size() - 1)));
    e.add("queryStringParameters", query.isEmpty() ? null : Json.GSON.toJsonTree(last));
    e.add("multiValueQueryStringParameters", query.isEmpty() ? null : Json.GSON.toJsonTree(query));
    // API Gateway hands path parameters URL-decoded
    e.add("pathParameters", "/{proxy+}".equals(resource)
        ? Json.GSON.toJsonTree(Map.of("proxy", path.startsWith("/") ? path.substring(1) : path)) : null);
    e.add("stageVariables", null);
    JsonObject identity = new JsonObject();
    identity.addProperty("sourceIp", ex.getRemoteAddress().getAddress().getHostAddress());
    identity.addProperty("userAgent", ex.getRequestHeaders().getFirst("User-Agent"));
    JsonObject rc = new JsonObject();
    rc.addProperty("path", "/" + STAGE + path);
    rc.addProperty("accountId", "000000000000");
    rc.addProperty("resourceId", "local");
    rc.addProperty("stage", STAGE);
    rc.addProperty("requestId", UUID.randomUUID().toString());
    rc.add("identity", identity);
    rc.addProperty("resourcePath", resource);
    rc.addProperty("httpMethod", method);
    rc.addProperty("apiId", "local");
    rc.addProperty("protocol", ex.getProtocol());
    rc.addProperty("requestTime", REQUEST_TIME.format(now));
    rc.addProperty("requestTimeEpoch", now.toEpochMilli());
    e.add("requestContext", rc);
  }

  /**
   * Writes a proxy integration's answer ({@code APIGatewayProxyResponseEvent} JSON), or
   * the gateway's 502 when the function failed or answered something else.
   */
  static void writeProxyResponse(HttpExchange ex, LambdaInvokeApi.Result r) throws IOException {
    JsonObject out;
    try {
      out = r.error() == null ? Json.object(new String(r.body(), StandardCharsets.UTF_8)) : null;
    } catch (RuntimeException e) {
      out = null;
    }
    if (out == null || !out.has("statusCode")) {
      if (r.error() != null) {
        System.err.println("function failed: " + r.error());
      }
      HttpExchanges.json(ex, 502, "{\"message\": \"Internal server error\"}");
      return;
    }
    copyHeaders(ex, out.get("headers"));
    JsonElement multi = out.get("multiValueHeaders");
    if (multi != null && multi.isJsonObject()) {
      for (Map.Entry<String, JsonElement> h : multi.getAsJsonObject().entrySet()) {
        for (JsonElement v : h.getValue().getAsJsonArray()) {
          ex.getResponseHeaders().add(h.getKey(), v.getAsString());
        }
      }
    }
    JsonElement body = out.get("body");
    byte[] bytes = body == null || body.isJsonNull() ? new byte[0] : body.getAsString().getBytes(StandardCharsets.UTF_8);
    JsonElement b64 = out.get("isBase64Encoded");
    if (b64 != null && !b64.isJsonNull() && b64.getAsBoolean()) {
      bytes = java.util.Base64.getDecoder().decode(bytes);
    }
    HttpExchanges.send(ex, out.get("statusCode").getAsInt(), null, bytes);
  }

  private static void copyHeaders(HttpExchange ex, JsonElement headers) {
    if (headers == null || !headers.isJsonObject()) {
      return;
    }
    for (Map.Entry<String, JsonElement> h : headers.getAsJsonObject().entrySet()) {
      if (!h.getValue().isJsonNull()) {
        ex.getResponseHeaders().set(h.getKey(), h.getValue().getAsString());
      }
    }
  }

  /** Hop-by-hop and client-managed headers a proxy does not forward. */
  static final List<String> NOT_FORWARDED = List.of("connection", "content-length", "expect", "host", "keep-alive",
      "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
}
