package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local gateway in front of a stand-in authorizer and upstream, answering as API Gateway
 * does from template.yaml: a thrown error other than "Unauthorized" is
 * AUTHORIZER_CONFIGURATION_ERROR, the gateway's headers replace the client's, preflights skip
 * the authorizer.
 */
class GatewayEmulatorIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Map<String, String> upstreamSaw = new ConcurrentHashMap<>();
  private final AtomicInteger authorizerCalls = new AtomicInteger();
  private volatile Function<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> authorizer;
  private HttpServer upstream;
  private HttpServer gateway;

  @BeforeEach
  void start() throws Exception {
    upstream = TestGateways.recordingUpstream(upstreamSaw);
    RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> handler = (e, c) -> {
      authorizerCalls.incrementAndGet();
      return authorizer.apply(e);
    };
    LambdaInvokeApi lambda = new LambdaInvokeApi(Map.of(LocalStack.AUTHORIZER, LambdaFunction.of(LocalStack.AUTHORIZER,
        APIGatewayCustomAuthorizerEvent.class, handler)), Duration.ofSeconds(5), Clock.systemUTC());
    gateway = TestGateways.gateway(lambda, upstream);
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
    upstream.stop(0);
  }

  private HttpResponse<String> call(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static IamPolicyResponseV1 policy(String effect, Map<String, Object> context) {
    IamPolicyResponseV1.Statement s = "Allow".equals(effect) ? IamPolicyResponseV1.allowStatement("arn:x")
        : IamPolicyResponseV1.denyStatement("arn:x");
    return IamPolicyResponseV1.builder().withPrincipalId("ada").withContext(context)
        .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
            .withStatement(List.of(s)).build()).build();
  }

  @Test
  void anAuthorizerThatThrowsAnythingButUnauthorizedGetsTheConfigurationError503() throws Exception {
    authorizer = e -> {
      throw new IllegalStateException("Usage gate unavailable (failMode: closed)");
    };
    HttpResponse<String> r = call("POST", "/api/features/search");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("5");
    assertThat(Json.object(r.body()).get("error").getAsString()).isEqualTo("unavailable");
    authorizer = e -> null;
    assertThat(call("POST", "/api/features/search").statusCode()).as("an answer that is no policy").isEqualTo(503);
  }

  @Test
  void unauthorizedIs401AndADenyIsThe402FromTheContext() throws Exception {
    authorizer = e -> {
      throw new RuntimeException("Unauthorized");
    };
    HttpResponse<String> r = call("GET", "/api/x");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    authorizer = e -> policy("Deny", Map.of("code", "usage_limit_exceeded", "message", "Upgrade", "upgradeUrl", "https://u",
        "limit", 3, "used", 3, "resetAt", "2030-01-01T00:00:00Z"));
    HttpResponse<String> denied = call("POST", "/api/features/search");
    assertThat(denied.statusCode()).isEqualTo(402);
    JsonObject body = Json.object(denied.body());
    assertThat(body.get("limit").getAsInt()).isEqualTo(3);
    assertThat(body.get("upgradeUrl").getAsString()).isEqualTo("https://u");
    assertThat(upstreamSaw).isEmpty();
  }

  @Test
  void anAllowReachesTheUpstreamWithTheGatewaysHeadersReplacingTheClients() throws Exception {
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("userId", "ada");
    ctx.put("plan", "free");
    ctx.put("remaining", 7);
    ctx.put("gatewaySecret", "the-gateway-secret");
    authorizer = e -> policy("Allow", ctx);
    HttpResponse<String> r = call("POST", "/api/features/search", "X-Tollgate-Plan", "paid", "x-tollgate-remaining", "999",
        "X-Tollgate-Gateway-Secret", "a-guess", "X-Tollgate-Other", "kept", "Authorization", "Bearer t");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(upstreamSaw).containsEntry("x-tollgate-plan", "free").containsEntry("x-tollgate-remaining", "7")
        .containsEntry("x-tollgate-gateway-secret", "the-gateway-secret").containsEntry("x-tollgate-user", "ada")
        .containsEntry("x-tollgate-loop", "").containsEntry("x-tollgate-other", "kept")
        .containsEntry("authorization", "Bearer t");
  }

  @Test
  void aCorsPreflightGoesToTheUpstreamWithoutTheAuthorizer() throws Exception {
    authorizer = e -> {
      throw new AssertionError("the preflight must not run the authorizer");
    };
    HttpResponse<String> r = call("OPTIONS", "/api/features/search", "Origin", "https://app.example.com",
        "X-Tollgate-Plan", "client");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(authorizerCalls).hasValue(0);
    assertThat(upstreamSaw).containsEntry("origin", "https://app.example.com").containsEntry("x-tollgate-plan", "client");
  }
}
