package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.stripe.net.Webhook;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.local.gateway.CfnTemplate;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Every Tollgate metric the CloudWatch dashboard of template.yaml names is one the code really
 * emits: the functions, wired as the local stack wires them, are driven through what produces
 * each EMF line (a caller blocked, the scheduled run, a signed Stripe checkout, Redis down under
 * fail-open and fail-closed), and each metric of the dashboard (name and dimensions, or a SEARCH's
 * name and dimension names) must be among the lines they wrote.
 */
class DashboardMetricsIT {
  static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{Tollgate,([^}]*)} MetricName=\"([A-Za-z]+)\"'");
  static final Map<String, String> ENV = Map.of(DevDefaults.JWT_SECRET_ENV, DevDefaults.JWT_SECRET,
      DevDefaults.WEBHOOK_SECRET_ENV, DevDefaults.WEBHOOK_SECRET, DevDefaults.UNSUBSCRIBE_SECRET_ENV,
      DevDefaults.UNSUBSCRIBE_SECRET);

  @TempDir
  static Path outbox;
  /** Metric name → the dimension sets (name → value) it was emitted with. */
  static final Map<String, List<Map<String, String>>> EMITTED = new TreeMap<>();

  @BeforeAll
  static void runTheEmitters() throws Exception {
    String yaml = Files.readString(StackProcess.REPO.resolve("gating.yaml")).replace("free: 100", "free: 2") + """

        experiments:
          upgrade_copy:
            loop: features
            arms:
              control: { weight: 50 }
              urgency: { weight: 50, message: "Upgrade now and keep building." }
        """;
    List<String> lines = new CopyOnWriteArrayList<>();
    String user = TestRedis.uniqueUser("emf");
    // a second account hits the export feature gate, so that loop's funnel is emitted too
    String exporter = TestRedis.uniqueUser("emfx");
    String exporterCustomer = "cus_emfx" + Long.toHexString(System.nanoTime());
    try (UnifiedJedis redis = TestRedis.client()) {
      LambdaInvokeApi functions = functions(ConfigLoader.parse(yaml, "gating.yaml"), redis, lines);
      lines.addAll(stdout(() -> {
        for (int i = 0; i < 3; i++) {
          functions.invoke(functions.function(LocalStack.AUTHORIZER), authorizerEvent(user, null));
        }
        functions.invoke(functions.function(LocalStack.AUTHORIZER), authorizerEvent(exporter, "api/export/report"));
      }));
      functions.invoke(functions.function(LocalStack.DISPATCHER),
          Files.readAllBytes(StackProcess.REPO.resolve("events/upgrade-dispatcher/scheduled.json")));
      for (String[] payer : new String[][] {{user, null}, {exporter, exporterCustomer}}) {
        for (String sample : List.of("checkout.session.completed.json", "customer.subscription.updated.json")) {
          LambdaInvokeApi.Result paid = functions.invoke(functions.function(LocalStack.WEBHOOK),
              signed(sample, payer[0], payer[1]));
          assertThat(new String(paid.body(), StandardCharsets.UTF_8)).as(sample).contains("\"statusCode\":200");
        }
      }
      // the conversion event is attributed to the exposed arm when the next run publishes it
      functions.invoke(functions.function(LocalStack.DISPATCHER),
          Files.readAllBytes(StackProcess.REPO.resolve("events/upgrade-dispatcher/scheduled.json")));
    }
    for (String mode : List.of("open", "closed")) {
      GatingConfig cfg = ConfigLoader.parse(yaml.replace("failMode: open", "failMode: " + mode), "gating.yaml");
      try (UnifiedJedis down = RedisConnector.connect("redis://127.0.0.1:" + TestRedis.freePort(), null,
          Duration.ofMillis(200), Duration.ofMillis(200))) {
        LambdaInvokeApi functions = functions(cfg, down, lines);
        lines.addAll(stdout(() -> functions.invoke(functions.function(LocalStack.AUTHORIZER), authorizerEvent(user, null))));
      }
    }
    for (String line : lines) {
      if (!line.startsWith("{\"_aws\"")) {
        continue;
      }
      JsonObject o = Json.object(line);
      for (JsonElement d : o.getAsJsonObject("_aws").getAsJsonArray("CloudWatchMetrics")) {
        JsonObject m = d.getAsJsonObject();
        assertThat(m.get("Namespace").getAsString()).isEqualTo("Tollgate");
        Map<String, String> dims = new TreeMap<>();
        m.getAsJsonArray("Dimensions").get(0).getAsJsonArray().forEach(n -> dims.put(n.getAsString(),
            o.get(n.getAsString()).getAsString()));
        m.getAsJsonArray("Metrics").forEach(x -> EMITTED.computeIfAbsent(x.getAsJsonObject().get("Name").getAsString(),
            k -> new ArrayList<>()).add(dims));
      }
    }
  }

  @Test
  void theDrivenFunctionsEmittedTheFunnelAndTheFailModes() {
    assertThat(EMITTED).containsKeys("LimitReached", "PromptsSent", "Conversions", "AuthorizerFailOpen",
        "AuthorizerFailClosed", "EmailsSent", "Exposures");
    assertThat(EMITTED.get("Conversions")).as("by loop, and by experiment and arm")
        .anySatisfy(d -> assertThat(d.keySet()).containsExactly("loop"))
        .anySatisfy(d -> assertThat(d.keySet()).containsExactlyInAnyOrder("arm", "experiment"));
  }

  @Test
  void everyTollgateMetricOfTheDashboardIsEmitted() throws Exception {
    String body = dashboardBody();
    JsonObject dashboard = Json.object(body.replaceAll("\\$\\{[^}]+}", "SUBSTITUTED"));
    int checked = 0;
    for (JsonElement w : dashboard.getAsJsonArray("widgets")) {
      JsonObject p = w.getAsJsonObject().getAsJsonObject("properties");
      if (p == null || !p.has("metrics")) {
        continue;
      }
      for (JsonElement e : p.getAsJsonArray("metrics")) {
        JsonArray m = e.getAsJsonArray();
        if (m.get(0).isJsonObject()) {
          Matcher s = SEARCH.matcher(m.get(0).getAsJsonObject().get("expression").getAsString());
          while (s.find()) {
            Set<String> dims = new TreeSet<>(List.of(s.group(1).split(",")));
            assertThat(EMITTED.getOrDefault(s.group(2), List.of())).as("SEARCH of %s by %s", s.group(2), dims)
                .anySatisfy(d -> assertThat(d.keySet()).isEqualTo(dims));
            checked++;
          }
        } else if (m.get(0).getAsString().equals("Tollgate")) {
          Map<String, String> dims = new TreeMap<>();
          for (int i = 2; i + 1 < m.size() && m.get(i).isJsonPrimitive(); i += 2) {
            dims.put(m.get(i).getAsString(), m.get(i + 1).getAsString());
          }
          assertThat(EMITTED.getOrDefault(m.get(1).getAsString(), List.of())).as("%s %s", m.get(1), dims)
              .contains(dims);
          checked++;
        }
      }
    }
    assertThat(checked).as("Tollgate metrics on the dashboard").isGreaterThanOrEqualTo(8);
  }

  /** The JSON text of the dashboard's {@code DashboardBody} ({@code !Sub} of it) in template.yaml. */
  static String dashboardBody() throws Exception {
    Object sub = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) CfnTemplate.load(StackProcess.REPO.resolve(
        "template.yaml")).get("Resources")).get("FunnelDashboard")).get("Properties")).get("DashboardBody")).get("Fn::Sub");
    assertThat(sub).as("FunnelDashboard's DashboardBody is !Sub of the JSON text").isInstanceOf(String.class);
    return (String) sub;
  }

  private static LambdaInvokeApi functions(GatingConfig config, UnifiedJedis redis, List<String> metrics) {
    LocalStack.Options options = new LocalStack.Options(0, config, null, outbox, Duration.ofHours(1), ENV, null);
    return new LambdaInvokeApi(LocalFunctions.of(options, redis, Clock.systemUTC(), metrics::add),
        Duration.ofSeconds(30), Clock.systemUTC());
  }

  /** What {@code run} printed to stdout, line by line (the authorizer writes its EMF lines there, as in Lambda). */
  private static List<String> stdout(Runnable run) {
    PrintStream before = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(before);
    }
    return List.of(buf.toString(StandardCharsets.UTF_8).split("\n"));
  }

  /** allowed.json for {@code user}, on {@code route} (null: the sample's own). */
  private static byte[] authorizerEvent(String user, String route) {
    try {
      JsonObject e = Json.object(Files.readString(StackProcess.REPO.resolve("events/authorizer/allowed.json")));
      if (route != null) {
        e.addProperty("path", "/" + route);
        e.getAsJsonObject("pathParameters").addProperty("proxy", route);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
          .claim("email", user + "@example.com").issueTime(new Date()).expirationTime(Date.from(Instant.now()
          .plusSeconds(600))).build());
      jwt.sign(new MACSigner(DevDefaults.JWT_SECRET));
      String bearer = "Bearer " + jwt.serialize();
      e.getAsJsonObject("headers").addProperty("Authorization", bearer);
      JsonArray multi = new JsonArray();
      multi.add(bearer);
      e.getAsJsonObject("multiValueHeaders").add("Authorization", multi);
      return e.toString().getBytes(StandardCharsets.UTF_8);
    } catch (Exception x) {
      throw new IllegalStateException(x);
    }
  }

  /** A Stripe sample (an API Gateway event) for {@code user}, signed now as Stripe signs it. */
  /** A webhook sample for {@code user} (and {@code customer} instead of the sample's, when not null), signed now. */
  private static byte[] signed(String sample, String user, String customer) throws Exception {
    JsonObject event = Json.object(Files.readString(StackProcess.REPO.resolve("events/stripe-webhook/" + sample)));
    String body = StripeCommand.Send.payload(event.toString(), user, Instant.now());
    if (customer != null) {
      body = body.replace("cus_QtgDemo0001", customer);
    }
    String signature = Webhook.Signature.generateSignatureHeader(body, DevDefaults.WEBHOOK_SECRET,
        Instant.now().getEpochSecond());
    event.addProperty("body", body);
    event.getAsJsonObject("headers").addProperty("Stripe-Signature", signature);
    if (event.has("multiValueHeaders") && event.get("multiValueHeaders").isJsonObject()) {
      JsonArray multi = new JsonArray();
      multi.add(signature);
      event.getAsJsonObject("multiValueHeaders").add("Stripe-Signature", multi);
    }
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
