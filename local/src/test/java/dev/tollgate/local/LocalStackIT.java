package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as a user runs it: {@code java -jar tollgate-local.jar local} as a separate
 * process with its own embedded redis-server, driven only over HTTP and through the CLI,
 * then stopped with SIGTERM (what Ctrl-C triggers) and checked to leave nothing running.
 * The steps build on each other (one user goes from free to blocked to paid).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {
  static final Path REPO = Path.of(System.getProperty("tollgate.repo.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = Path.of(System.getProperty("tollgate.local.jar", "target/tollgate-local.jar"));
  static final String USER = "ada";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dir;

  static Process stack;
  static List<ProcessHandle> children = new ArrayList<>();
  static int port;
  static HttpServer upstream;
  static final Map<String, String> UPSTREAM_SAW = new ConcurrentHashMap<>();
  static String token;

  @BeforeAll
  static void start() throws Exception {
    assertThat(JAR).as("the shaded jar (failsafe runs after package)").exists();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", ex -> {
      ex.getRequestHeaders().forEach((k, v) -> UPSTREAM_SAW.put(k.toLowerCase(), v.get(0)));
      UPSTREAM_SAW.put(":path", ex.getRequestURI().toString());
      byte[] body = "{\"from\":\"upstream\"}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("X-Upstream", "yes");
      ex.sendResponseHeaders(201, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
    // a small limit so the test reaches it quickly; the paid plan includes 2 calls, then overage on a meter
    String config = Files.readString(REPO.resolve("gating.yaml")).replace("free: 100", "free: 3")
        .replace("paid: 10000 }", "paid: 2 }").replace("cap: 50000", "cap: unlimited");
    Files.writeString(dir.resolve("test-gating.yaml"), config);
    port = freePort();
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString(), "local", "--port", Integer.toString(port),
        "--config", "test-gating.yaml", "--outbox", "outbox", "--dispatch-every", "1s",
        "--upstream", "http://127.0.0.1:" + upstream.getAddress().getPort())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("local.log").toFile());
    cleanEnv(pb.environment());
    stack = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertThat(stack.isAlive()).as("local stack exited early:\n%s", log()).isTrue();
      try {
        if (get("/health").statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("health within 60 s:\n%s", log()).isLessThan(deadline);
      Thread.sleep(200);
    }
    stack.descendants().forEach(children::add);
    token = cli("token", "--user", USER, "--email", "ada@example.com").out().trim();
  }

  @AfterAll
  static void stop() throws Exception {
    if (upstream != null) {
      upstream.stop(0);
    }
    if (stack != null && stack.isAlive()) {
      stack.destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void printsWhatStartedAndHealthListsTheFunctions() throws Exception {
    assertThat(log()).contains("Tollgate local stack on http://localhost:" + port, "embedded redis-server",
        "JWT_SECRET=", "curl ");
    assertThat(get("/health").body()).contains("AuthorizerFunction", "StripeWebhookFunction", "UpgradeDispatcherFunction",
        "UnsubscribeFunction", "UsageReporterFunction", "AdminFunction", "UsageFunction");
    assertThat(Files.readString(dir.resolve(".tollgate/local-" + port + ".json"))).contains("\"port\": " + port);
  }

  @Test
  @Order(2)
  void invokeApiRunsTheAuthorizerOnTheSampleEvents() throws Exception {
    HttpResponse<String> allowed = invoke("AuthorizerFunction", Files.readString(sample("authorizer/allowed.json")));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    JsonObject policy = Json.object(allowed.body());
    assertThat(policy.get("principalId").getAsString()).isEqualTo("user_free_1");
    assertThat(policy.getAsJsonObject("policyDocument").getAsJsonArray("Statement").get(0).getAsJsonObject()
        .get("Effect").getAsString()).isEqualTo("Allow");

    HttpResponse<String> bad = invoke("AuthorizerFunction", Files.readString(sample("authorizer/bad-token.json")));
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
    assertThat(Json.object(bad.body()).get("errorMessage").getAsString()).isEqualTo("Unauthorized");

    HttpResponse<String> unknown = invoke("NoSuchFunction", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
  }

  @Test
  @Order(3)
  void invokeApiRunsTheWebhookOnASignedSample() throws Exception {
    JsonObject event = Json.object(Files.readString(sample("stripe-webhook/invoice.paid.json")));
    String body = StripeCommand.Send.payload(event.toString(), "invoke-user", Instant.now());
    event.addProperty("body", body);
    event.getAsJsonObject("headers").addProperty("Stripe-Signature", sign(body));
    HttpResponse<String> r = invoke("StripeWebhookFunction", event.toString());
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    JsonObject out = Json.object(r.body());
    assertThat(out.get("statusCode").getAsInt()).as(r.body()).isEqualTo(200);
    assertThat(out.get("body").getAsString()).contains("\"received\":true");
  }

  @Test
  @Order(4)
  void gatedCallsReachTheUpstreamUntilTheLimitThen402() throws Exception {
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> r = call("POST", "/api/features/search?q=1", token);
      assertThat(r.statusCode()).as("call %d: %s", i, r.body()).isEqualTo(201);
      assertThat(r.body()).isEqualTo("{\"from\":\"upstream\"}");
      assertThat(r.headers().firstValue("X-Upstream")).hasValue("yes");
    }
    assertThat(UPSTREAM_SAW).containsEntry("x-tollgate-user", USER).containsEntry("x-tollgate-loop", "features")
        .containsEntry("x-tollgate-used", "3").containsEntry(":path", "/api/features/search?q=1")
        .containsEntry("ratelimit-policy", "\"features\";q=3;w=2592000");
    assertThat(UPSTREAM_SAW.get("ratelimit")).startsWith("\"features\";r=0;t=");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> usage = call("GET", "/usage", token);
      assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
      JsonObject features = Json.object(usage.body()).getAsJsonObject("loops").getAsJsonObject("features");
      assertThat(features.get("used").getAsLong()).as("GET /usage is never counted").isEqualTo(3);
      assertThat(features.get("remaining").getAsLong()).isZero();
    }
    HttpResponse<String> blocked = call("POST", "/api/features/search", token);
    assertThat(blocked.statusCode()).isEqualTo(402);
    long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, Duration.ofDays(30).toSeconds());
    JsonObject body = Json.object(blocked.body());
    assertThat(body.get("error").getAsString()).isEqualTo("usage_limit_exceeded");
    assertThat(body.get("message").getAsString()).isEqualTo("You've reached your free tier limit. Upgrade to continue.");
    assertThat(body.get("upgradeUrl").getAsString()).contains("client_reference_id=ada", "prefilled_email=ada%40example.com");
    assertThat(body.get("limit").getAsLong()).isEqualTo(3);
    assertThat(body.get("used").getAsLong()).isEqualTo(3);
    assertThat(Instant.parse(body.get("resetAt").getAsString())).isAfter(Instant.now());

    assertThat(call("POST", "/api/features/search", null).statusCode()).isEqualTo(401);
    HttpResponse<String> forged = call("POST", "/api/features/search", token.substring(0, token.length() - 2) + "xx");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Missing or invalid credentials\"}");
    assertThat(cli("usage", "show", USER).out()).contains("plan free", "3/3");
  }

  @Test
  @Order(5)
  void theTimerDispatcherWritesTheUpgradeEmailToTheOutboxAndItsLinkUnsubscribes() throws Exception {
    Path outbox = dir.resolve("outbox");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<Path> prompts = List.of();
    while (prompts.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      if (Files.isDirectory(outbox)) {
        try (var files = Files.list(outbox)) {
          prompts = files.filter(f -> f.getFileName().toString().contains("upgrade_prompt")).toList();
        }
      }
    }
    assertThat(prompts).as("an upgrade email in the outbox within 20 s:\n%s", log()).hasSize(1);
    JsonObject email = Json.object(Files.readString(prompts.get(0)));
    assertThat(email.getAsJsonArray("to").get(0).getAsString()).isEqualTo("ada@example.com");
    assertThat(email.get("subject").getAsString()).isEqualTo("You've used all 3 free calls");
    assertThat(email.keySet()).contains("from", "html", "text", "headers", "tags", "idempotencyKey");
    String link = email.getAsJsonObject("headers").get("List-Unsubscribe").getAsString().replaceAll("[<>]", "");
    URI local = uri(URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery());
    HttpResponse<String> unsub = HTTP.send(HttpRequest.newBuilder(local)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsub.statusCode()).as(unsub.body()).isEqualTo(200);

    HttpResponse<String> run = invoke("UpgradeDispatcherFunction",
        Files.readString(sample("upgrade-dispatcher/scheduled.json")));
    assertThat(run.headers().firstValue("X-Amz-Function-Error")).as(run.body()).isEmpty();
    assertThat(Json.object(run.body()).has("claimed")).isTrue();
    HttpResponse<String> tampered = invoke("UnsubscribeFunction", Files.readString(sample("unsubscribe/tampered.json")));
    assertThat(Json.object(tampered.body()).get("statusCode").getAsInt()).isEqualTo(400);
  }

  @Test
  @Order(6)
  void aSignedCheckoutLiftsTheBlock() throws Exception {
    CliResult bad = cli("stripe", "send", "--url", "http://127.0.0.1:" + port + "/nowhere",
        sample("stripe-webhook/checkout.session.completed.json").toString(), "--user", USER);
    assertThat(bad.code()).isEqualTo(1);

    HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(uri("/stripe/webhook"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(400);

    for (String f : List.of("checkout.session.completed.json", "customer.subscription.updated.json")) {
      CliResult sent = cli("stripe", "send", sample("stripe-webhook/" + f).toString(), "--user", USER);
      assertThat(sent.code()).as(sent.toString()).isZero();
      assertThat(sent.out()).contains("200", "\"applied\"");
    }
    assertThat(call("POST", "/api/features/search", token).statusCode()).isEqualTo(201);
    assertThat(cli("usage", "show", USER).out()).contains("plan paid");
  }

  @Test
  @Order(7)
  void reportCountsTheLimitHitAndTheConversion() throws Exception {
    CliResult r = cli("report", "--json", "--days", "2");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject features = Json.object(r.out()).getAsJsonObject("loops").getAsJsonObject("features");
    assertThat(features.get("limitReached").getAsLong()).isEqualTo(1);
    assertThat(features.get("conversions").getAsLong()).isEqualTo(1);
    assertThat(features.get("conversionRate").getAsDouble()).isEqualTo(1.0);
    // the usage warning (warnAt 0.8 of 3 = the 3rd call) and the first upgrade prompt
    assertThat(features.get("promptsSent").getAsLong()).isEqualTo(2);
    assertThat(features.get("medianTimeToConvertMs").getAsLong()).isPositive();
    assertThat(cli("report").out()).contains("LIMIT REACHED", "features", "100.0%");
  }

  @Test
  @Order(8)
  void operatorCommandsAnswerWithTrustworthyExitCodes() throws Exception {
    CliResult key = cli("keys", "create", "--user", "grace", "--email", "grace@example.com");
    assertThat(key.code()).isZero();
    assertThat(key.out().trim()).hasSizeGreaterThan(20);
    assertThat(cli("keys", "revoke", key.out().trim()).code()).isZero();
    assertThat(cli("keys", "revoke", key.out().trim()).code()).isEqualTo(1);

    assertThat(cli("plan", "set", "grace", "paid", "--until", "2999-01-01T00:00:00Z").out()).contains("grace is on plan paid");
    assertThat(cli("usage", "show", "grace").out()).contains("plan paid");
    assertThat(cli("usage", "reset", USER, "--loop", "features").code()).isZero();
    assertThat(cli("usage", "show", USER, "--json").out()).contains("\"used\": 0");

    CliResult badPlan = cli("plan", "set", "grace", "gold");
    assertThat(badPlan.code()).isEqualTo(2);
    assertThat(badPlan.err()).contains("plan: gold is not a plan of the config");
    assertThat(cli("usage", "reset", USER, "--loop", "nope").code()).isEqualTo(2);
    assertThat(cli("frobnicate").code()).isEqualTo(2);
    CliResult typo = cli("report", "--dayz", "3");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("Unknown options: '--dayz'", "Possible solutions: --days");
    CliResult down = cli("usage", "show", USER, "--redis", "redis://127.0.0.1:" + freePort());
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).startsWith("tollgate usage show: ");
  }

  @Test
  @Order(9)
  void overageOfThePaidPlanReachesTheMeterOutboxOnceAfterTheTimersRuns() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(call("POST", "/api/features/search", token).statusCode()).as("call %d: included, then overage", i)
          .isEqualTo(201);
    }
    Path meters = dir.resolve("outbox/meter-events");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long units = 0;
    while (units < 4 && System.nanoTime() < deadline) {
      Thread.sleep(300);
      units = 0;
      if (Files.isDirectory(meters)) {
        try (var files = Files.list(meters)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
            JsonObject e = Json.object(Files.readString(f));
            assertThat(e.get("event_name").getAsString()).isEqualTo("api_requests");
            assertThat(e.get("identifier").getAsString()).startsWith(USER + "|api_requests|");
            assertThat(e.getAsJsonObject("payload").get("stripe_customer_id").getAsString()).startsWith("cus_");
            assertThat(e.has("timestamp")).isTrue();
            units += Long.parseLong(e.getAsJsonObject("payload").get("value").getAsString());
          }
        }
      }
    }
    // the first paid call (past the 3 free calls of its window), then 3 past the included 2 of the next window
    assertThat(units).as("overage units reported once each:\n%s", log()).isEqualTo(4);
    HttpResponse<String> run = invoke("UsageReporterFunction", Files.readString(sample("usage-reporter/scheduled.json")));
    assertThat(run.headers().firstValue("X-Amz-Function-Error")).as(run.body()).isEmpty();
    assertThat(Json.object(run.body()).get("sent").getAsInt()).as("nothing left to report").isZero();
  }

  @Test
  @Order(99)
  void sigtermStopsEverythingItStarted() throws Exception {
    assertThat(children).as("the embedded redis-server is a child of the stack").isNotEmpty();
    stack.destroy();
    assertThat(stack.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(log()).contains("stopping: HTTP server");
    for (ProcessHandle c : children) {
      c.onExit().get(10, TimeUnit.SECONDS);
      assertThat(c.isAlive()).as("child %s", c.info().command()).isFalse();
    }
    assertThat(dir.resolve(".tollgate/local-" + port + ".json")).doesNotExist();
    try (ServerSocket s = new ServerSocket(port)) {
      assertThat(s.getLocalPort()).as("the port is free again").isEqualTo(port);
    }
  }

  // ------------------------------------------------------------------------------ helpers

  record CliResult(int code, String out, String err) {}

  static CliResult cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    cleanEnv(pb.environment());
    pb.redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tollgate %s finishes", List.of(args)).isTrue();
    return new CliResult(p.exitValue(), Files.readString(dir.resolve("cli.out")), Files.readString(dir.resolve("cli.err")));
  }

  static void cleanEnv(Map<String, String> env) {
    // the stack must use its own embedded Redis and its printed dev secrets
    for (String k : List.of("REDIS_URL", "REDIS_AUTH", "TOLLGATE_CONFIG", "JWT_SECRET", "STRIPE_WEBHOOK_SECRET",
        "RESEND_API_KEY", "UNSUBSCRIBE_SECRET", "STRIPE_API_KEY")) {
      env.remove(k);
    }
    env.put("TOLLGATE_CONFIG", dir.resolve("test-gating.yaml").toString());
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path sample(String name) {
    return REPO.resolve("events").resolve(name);
  }

  static String sign(String payload) throws Exception {
    return Webhook.Signature.generateSignatureHeader(payload, DevDefaults.WEBHOOK_SECRET, Instant.now().getEpochSecond());
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> invoke(String function, String event) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri("/2015-03-31/functions/" + function + "/invocations"))
        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> call(String method, String path, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString("{}"));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String log() {
    try {
      return Files.readString(dir.resolve("local.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
