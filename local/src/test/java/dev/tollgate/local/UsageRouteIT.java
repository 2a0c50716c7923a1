package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code GET /usage}, the RateLimit fields and the 402's Retry-After through the local gateway
 * as {@code ./tollgate local} serves them from template.yaml, with the real authorizer and
 * usage function on real Redis (the gating.yaml example with 2 free calls).
 */
class UsageRouteIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  // now, not a fixed date: the account hash expires at the end of its windows, by the server's clock
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Map<String, String> upstreamSaw = new ConcurrentHashMap<>();
  private static UnifiedJedis redis;
  private static HttpServer upstream;
  private static HttpServer gateway;

  @BeforeAll
  static void start() throws Exception {
    GatingConfig config = ConfigLoader.parse(Files.readString(Path.of("..", "gating.yaml"))
        .replace("free: 100,", "free: 2,"), "gating.yaml (2 free)");
    redis = TestRedis.client();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    AuthorizerWiring w = AuthorizerWiring.of(config, redis, Map.of("JWT_SECRET", DevDefaults.JWT_SECRET,
        "GATEWAY_SECRET", DevDefaults.GATEWAY_SECRET), line -> { });
    LambdaInvokeApi lambda = new LambdaInvokeApi(Map.of(
        LocalStack.AUTHORIZER, LambdaFunction.of(LocalStack.AUTHORIZER, AuthorizerRequestEvent.class, w.handler(clock)),
        LocalStack.USAGE, LambdaFunction.of(LocalStack.USAGE, APIGatewayProxyRequestEvent.class, w.usageHandler(clock))),
        Duration.ofSeconds(10), Clock.systemUTC());
    upstream = TestGateways.recordingUpstream(upstreamSaw);
    gateway = TestGateways.gateway(lambda, upstream);
  }

  @AfterAll
  static void stop() {
    gateway.stop(0);
    upstream.stop(0);
    redis.close();
  }

  private static HttpResponse<String> call(String method, String path, String token, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String token(String user) throws Exception {
    return RefusedEmailClaimsIT.token(user, user + "@example.com", Instant.now());
  }

  @Test
  void getUsageShowsTheCallersUsageAndCallingItManyTimesCountsNothing() throws Exception {
    String user = TestRedis.uniqueUser("ada");
    String t = token(user);
    assertThat(call("POST", "/api/features/search", t).statusCode()).isEqualTo(204);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = call("GET", "/usage", t);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JsonObject features = Json.object(r.body()).getAsJsonObject("loops").getAsJsonObject("features");
      assertThat(features.get("used").getAsLong()).isEqualTo(1);
      assertThat(features.get("remaining").getAsLong()).isEqualTo(1);
      assertThat(features.get("resetAt").getAsString()).isEqualTo(T0.plus(Duration.ofDays(30)).toString());
    }
    assertThat(call("POST", "/api/features/search", t).statusCode()).as("the second free call is still there")
        .isEqualTo(204);
    assertThat(call("POST", "/api/features/search", t).statusCode()).isEqualTo(402);
    JsonObject after = Json.object(call("GET", "/usage", t).body());
    assertThat(after.get("user").getAsString()).isEqualTo(user);
    assertThat(after.getAsJsonObject("loops").getAsJsonObject("features").get("used").getAsLong()).isEqualTo(2);
    assertThat(call("POST", "/usage", t).statusCode()).as("GET only, as API Gateway").isEqualTo(403);
  }

  @Test
  void aCallerWithoutCredentialsGets401FromUsage() throws Exception {
    HttpResponse<String> r = call("GET", "/usage", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(call("GET", "/usage", "not-a-jwt").statusCode()).isEqualTo(401);
  }

  @Test
  void theBackendReceivesTheRateLimitFieldsReplacingTheClients() throws Exception {
    upstreamSaw.clear();
    String t = token(TestRedis.uniqueUser("bob"));
    assertThat(call("POST", "/api/features/search", t, "RateLimit", "\"features\";r=999;t=1", "RateLimit-Policy", "forged")
        .statusCode()).isEqualTo(204);
    assertThat(upstreamSaw).containsEntry("ratelimit-policy", "\"features\";q=2;w=2592000")
        .containsEntry("ratelimit", "\"features\";r=1;t=2592000");
  }

  @Test
  void the402CarriesRetryAfterEqualToTheSecondsToTheResetAndTheResetTimeInItsBody() throws Exception {
    String t = token(TestRedis.uniqueUser("cy"));
    call("POST", "/api/features/search", t);
    call("POST", "/api/features/search", t);
    HttpResponse<String> denied = call("POST", "/api/features/search", t);
    assertThat(denied.statusCode()).isEqualTo(402);
    assertThat(denied.headers().firstValue("Retry-After")).contains(Long.toString(Duration.ofDays(30).toSeconds()));
    assertThat(Json.object(denied.body()).get("resetAt").getAsString()).isEqualTo(T0.plus(Duration.ofDays(30)).toString());
  }

  @Test
  void the402NamesTheCallerAndTheirAccountEvenWhenTheIdHoldsAQuote() throws Exception {
    String user = TestRedis.uniqueUser("q\"u");
    String t = token(user);
    call("POST", "/api/features/search", t);
    call("POST", "/api/features/search", t);
    HttpResponse<String> denied = call("POST", "/api/features/search", t);
    assertThat(denied.statusCode()).isEqualTo(402);
    assertThat(Json.object(denied.body()).get("userId").getAsString()).isEqualTo(user);
    assertThat(Json.object(denied.body()).get("accountId").getAsString()).isEqualTo(user);
  }
}
