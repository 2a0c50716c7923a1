package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.usage.InMemoryUsageStore;
import dev.tollgate.usage.PendingIndex;
import dev.tollgate.usage.UsageGate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REQUEST authorizer event the local gateway builds from a real HTTP request, read by the
 * authorizer through Lambda's own serializer ({@link LambdaFunction}), as on AWS: it carries
 * {@code resource: /{proxy+}}, the decoded {@code pathParameters}, and every header and query
 * value in the multi-value maps, so the local stack gates exactly as the deployed one.
 */
class ApiGatewayEventsIT {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Path EVENTS = Path.of("..", "events", "authorizer");
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final AtomicReference<JsonObject> LAST = new AtomicReference<>();
  static HttpServer server;
  static String tokenA;
  static String tokenB;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      LAST.set(ApiGatewayEvents.authorizerRequest(ex, NOW));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    tokenA = Json.object(Files.readString(EVENTS.resolve("allowed.json"))).getAsJsonObject("headers")
        .get("Authorization").getAsString();
    tokenB = Json.object(Files.readString(EVENTS.resolve("duplicate-authorization.json")))
        .getAsJsonObject("headers").get("Authorization").getAsString();
    assertThat(tokenA).isNotEqualTo(tokenB);
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  /** The event the local gateway builds for a request with {@code headers} (name, value, name, value, ...). */
  static JsonObject eventFor(String method, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
        + pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    assertThat(HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
    return LAST.get();
  }

  /** The authorizer of the example gating.yaml over an in-memory store, as the Invoke API runs it. */
  static LambdaFunction<AuthorizerRequestEvent, IamPolicyResponseV1> authorizer() throws IOException {
    GatingConfig config = ConfigLoader.parse(Files.readString(Path.of("..", "gating.yaml")), "gating.yaml");
    UsageAuthorizerHandler handler = new UsageAuthorizerHandler(
        Authenticators.fromConfig(config.identity(), Map.of("JWT_SECRET", DevDefaults.JWT_SECRET), null),
        new UsageGate(config, new InMemoryUsageStore(new ArrayList<>(config.plans().keySet()), "free"), PendingIndex.NONE),
        Clock.fixed(NOW, ZoneOffset.UTC));
    return LambdaFunction.of("AuthorizerFunction", AuthorizerRequestEvent.class, handler);
  }

  static JsonObject run(LambdaFunction<AuthorizerRequestEvent, IamPolicyResponseV1> f, JsonObject event) {
    return Json.object(new String(f.invoke(Json.GSON.toJson(event).getBytes(StandardCharsets.UTF_8), null),
        StandardCharsets.UTF_8));
  }

  @Test
  void theEventCarriesTheProxyResourceAndEveryHeaderAndQueryValue() throws Exception {
    JsonObject e = eventFor("GET", "/api/features;v=2/se%20arch?q=1&q=2", "Authorization", tokenA,
        "X-Twice", "a", "X-Twice", "b");
    assertThat(e.get("resource").getAsString()).isEqualTo("/{proxy+}");
    assertThat(e.getAsJsonObject("pathParameters").get("proxy").getAsString()).isEqualTo("api/features;v=2/se arch");
    assertThat(e.getAsJsonObject("requestContext").get("resourcePath").getAsString()).isEqualTo("/{proxy+}");
    assertThat(e.getAsJsonObject("multiValueHeaders").get("X-twice").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(e.getAsJsonObject("headers").get("X-twice").getAsString()).isEqualTo("b");
    assertThat(e.getAsJsonObject("multiValueQueryStringParameters").get("q").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(e.getAsJsonObject("queryStringParameters").get("q").getAsString()).isEqualTo("2");

    JsonObject root = eventFor("GET", "/", "Authorization", tokenA);
    assertThat(root.get("resource").getAsString()).isEqualTo("/");
    assertThat(root.get("pathParameters").isJsonNull()).isTrue();
    assertThat(root.get("multiValueQueryStringParameters").isJsonNull()).isTrue();
  }

  @Test
  void twoDifferentAuthorizationHeadersThroughTheLocalGatewayAreUnauthorized() throws Exception {
    var f = authorizer();
    JsonObject e = eventFor("POST", "/api/features/search", "Authorization", tokenA, "Authorization", tokenB);
    assertThat(e.getAsJsonObject("multiValueHeaders").getAsJsonArray("Authorization")).hasSize(2);
    assertThatThrownBy(() -> run(f, e)).isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class);
    JsonObject same = eventFor("POST", "/api/features/search", "Authorization", tokenA, "Authorization", tokenA);
    assertThat(run(f, same).getAsJsonObject("context").get("used").getAsLong()).as("the same value twice is one")
        .isEqualTo(1);
  }

  @Test
  void aGatedRouteSpelledWithMatrixParametersThroughTheLocalGatewayIsCounted() throws Exception {
    var f = authorizer();
    for (String path : new String[] {"/api/features;v=2/search", "/api/features/search.", "/api/features%20/x;y=1"}) {
      JsonObject ctx = run(f, eventFor("POST", path, "Authorization", tokenA)).getAsJsonObject("context");
      assertThat(ctx.has("loop")).as(path).isTrue();
      assertThat(ctx.get("loop").getAsString()).as(path).isEqualTo("features");
    }
  }
}
