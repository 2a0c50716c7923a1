package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.testing.CheckoutSamples;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-click upgrade on the local stack, over HTTP as a browser meets it: a caller past the free
 * limit gets a 402 whose {@code upgradeUrl} is its signed link; a GET of that link through the
 * stack answers 303 to the Checkout Session Stripe (a local stand-in on the wire) opened for the
 * caller's account; the link altered is a 400 page.
 */
class CheckoutLocalStackIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<String> STRIPE_SAW = new CopyOnWriteArrayList<>();

  @TempDir
  static Path dir;

  static HttpServer stripe;
  static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stripe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stripe.createContext("/v1/checkout/sessions", ex -> {
      STRIPE_SAW.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"id\":\"cs_test_stack\",\"object\":\"checkout.session\",\"mode\":\"subscription\","
          + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_stack\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    stripe.start();
    String yaml = Files.readString(StackProcess.REPO.resolve("gating.yaml")).replace("free: 100", "free: 1") + "\n"
        + CheckoutSamples.SECTION.replace("https://api.acme.dev/billing/upgrade", "http://localhost:3000/billing/upgrade");
    Map<String, String> env = DevDefaults.apply(Map.of("STRIPE_API_KEY", "sk_test_local",
        LocalStack.STRIPE_API_BASE_ENV, "http://127.0.0.1:" + stripe.getAddress().getPort()), new HashMap<>());
    stack = LocalStack.start(new LocalStack.Options(0, ConfigLoader.parse(yaml, "gating.yaml + checkout"), null,
        dir.resolve("outbox"), Duration.ofHours(1), env, null));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (stripe != null) {
      stripe.stop(0);
    }
  }

  static HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the402sUpgradeLinkAnswers303ToACheckoutSessionForTheCallersAccount() throws Exception {
    String user = "checkout-" + Long.toHexString(System.nanoTime());
    String token = RefusedEmailClaimsIT.token(user, user + "@example.com", Instant.now());
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    assertThat(send("POST", "/api/features/search", auth).statusCode()).isEqualTo(200);
    HttpResponse<String> blocked = send("POST", "/api/features/search", auth);
    assertThat(blocked.statusCode()).isEqualTo(402);
    URI link = URI.create(Json.object(blocked.body()).get("upgradeUrl").getAsString());
    assertThat(link.getPath()).isEqualTo("/billing/upgrade");
    assertThat(CheckoutSamples.query(link.toString())).containsEntry("a", user).containsEntry("e", user + "@example.com")
        .containsKeys("x", "s");

    HttpResponse<String> upgrade = send("GET", link.getRawPath() + "?" + link.getRawQuery(), Map.of());
    assertThat(upgrade.statusCode()).isEqualTo(303);
    assertThat(upgrade.headers().firstValue("Location")).hasValue("https://checkout.stripe.com/c/pay/cs_test_stack");
    Map<String, String> form = new HashMap<>();
    for (String pair : STRIPE_SAW.get(STRIPE_SAW.size() - 1).split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(form).containsEntry("client_reference_id", user).containsEntry("mode", "subscription")
        .containsEntry("line_items[0][price]", "price_1PaidMonthly").containsEntry("customer_email", user + "@example.com");

    HttpResponse<String> tampered = send("GET", link.getRawPath() + "?" + link.getRawQuery().replace("a=" + user,
        "a=someone-else"), Map.of());
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(tampered.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
  }

  @Test
  void healthListsTheUpgradeLinkFunction() throws Exception {
    JsonObject health = Json.object(send("GET", "/health", Map.of()).body());
    assertThat(health.getAsJsonArray("functions").toString()).contains("UpgradeLinkFunction");
  }
}
