package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operator command with {@code --remote AdminFunction}, end to end: the CLI invokes
 * the local stack's Invoke API through the AWS SDK's Lambda client (dummy credentials and
 * region from system properties, {@code --endpoint-url}), the stack runs the AdminFunction
 * handler on its Redis, and reconcile reaches a local fake of the Stripe API.
 */
class RemoteAdminIT {
  static final List<String> STRIPE_CALLS = new CopyOnWriteArrayList<>();

  @TempDir
  static Path dir;

  static LocalStack stack;
  static HttpServer stripe;
  static String endpoint;

  @BeforeAll
  static void start() throws Exception {
    stripe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String sub = Json.object(Json.object(Files.readString(StackProcess.REPO.resolve(
        "events/stripe-webhook/customer.subscription.updated.json"))).get("body").getAsString())
        .getAsJsonObject("data").getAsJsonObject("object").toString();
    stripe.createContext("/", ex -> {
      STRIPE_CALLS.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders()
          .getFirst("Authorization"));
      // the config gates a feature, so reconcile also reads the customer's active entitlements
      boolean entitlements = ex.getRequestURI().getPath().startsWith("/v1/entitlements/");
      byte[] body = (entitlements
          ? "{\"object\":\"list\",\"url\":\"/v1/entitlements/active_entitlements\",\"has_more\":false,\"data\":[]}"
          : "{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[" + sub + "]}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    stripe.start();
    Map<String, String> env = new HashMap<>(DevDefaults.apply(Map.of(), new HashMap<>()));
    env.put("STRIPE_API_KEY", "sk_test_remote_admin");
    env.put(LocalStack.STRIPE_API_BASE_ENV, "http://127.0.0.1:" + stripe.getAddress().getPort());
    stack = LocalStack.start(new LocalStack.Options(0, ConfigLoader.fromFile(StackProcess.REPO.resolve("gating.yaml")),
        null, dir.resolve("outbox"), Duration.ofHours(1), env, null));
    endpoint = "http://127.0.0.1:" + stack.port();
    // the SDK's standard chain reads these (as it would AWS_ACCESS_KEY_ID, ... from the environment)
    System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
    System.setProperty("aws.secretAccessKey", "local-test-secret");
    System.setProperty("aws.region", "us-east-1");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (stripe != null) {
      stripe.stop(0);
    }
    for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) {
      System.clearProperty(p);
    }
  }

  record Run(int code, String out, String err) {}

  static Run remote(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--remote", LocalStack.ADMIN, "--endpoint-url", endpoint));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TollgateCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void keysCreateAndRevokeRunInTheFunction() {
    Run created = remote("keys", "create", "--user", "rk-user", "--email", "rk@example.com");
    assertThat(created.code()).as(created.err()).isZero();
    String key = created.out().trim();
    assertThat(key).startsWith("tg_").hasSize(46);
    Run revoked = remote("keys", "revoke", key);
    assertThat(revoked.code()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains("revoked");
    Run again = remote("keys", "revoke", key);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("tollgate keys revoke: no such key\n");
  }

  @Test
  void planSetThenUsageShowAndResetRunInTheFunction() {
    assertThat(remote("plan", "set", "rp-user", "paid", "--until", "2999-01-01T00:00:00Z").out())
        .contains("rp-user is on plan paid until 2999-01-01T00:00:00Z");
    Run shown = remote("usage", "show", "rp-user");
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("account rp-user  plan paid", "features");
    JsonObject json = Json.object(remote("usage", "show", "rp-user", "--json").out());
    assertThat(json.get("plan").getAsString()).isEqualTo("paid");
    assertThat(remote("usage", "reset", "rp-user", "--loop", "features").out()).contains("reset rp-user: 1 gate(s)");
  }

  @Test
  void creditsGrantAndShowRunInTheFunctionOncePerGrantId() {
    Run granted = remote("credits", "grant", "@remote-acme", "25", "--id", "cs_remote_1", "--expires",
        "2999-01-01T00:00:00Z");
    assertThat(granted.code()).as(granted.err()).isZero();
    assertThat(granted.out()).contains("granted 25 credits to @remote-acme as cs_remote_1 (expire 2999-01-01T00:00:00Z)",
        "balance 25");
    assertThat(remote("credits", "grant", "@remote-acme", "25", "--id", "cs_remote_1").out())
        .contains("grant cs_remote_1 was already given to @remote-acme: nothing changed; balance 25");
    assertThat(remote("credits", "show", "@remote-acme").out()).contains("account @remote-acme  credits 25", "cs_remote_1");
    JsonObject json = Json.object(remote("credits", "show", "@remote-acme", "--json").out());
    assertThat(json.get("balance").getAsLong()).isEqualTo(25);
    Run lapsed = remote("credits", "grant", "@remote-acme", "5", "--expires", "2001-01-01T00:00:00Z");
    assertThat(lapsed.code()).isEqualTo(2);
    assertThat(lapsed.err()).startsWith("tollgate credits grant: expires: 2001-01-01T00:00:00Z is not in the future");
  }

  @Test
  void accountsRunInTheFunctionKeysForAnOrganisationAndUsagePerAccountAndMember() {
    Run key = remote("keys", "create", "--user", "rk-bob", "--account", "@remote-org");
    assertThat(key.code()).as(key.err()).isZero();
    assertThat(key.out().trim()).startsWith("tg_");
    assertThat(remote("credits", "grant", "@remote-org", "7", "--id", "cs_remote_org").code()).isZero();
    Run shown = remote("usage", "show", "@remote-org", "--member", "rk-bob");
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("account @remote-org  plan free  credits 7", "features");
    JsonObject json = Json.object(remote("usage", "show", "@remote-org", "--member", "rk-bob", "--json").out());
    assertThat(json.get("account").getAsString()).isEqualTo("@remote-org");
    assertThat(json.get("user").getAsString()).isEqualTo("rk-bob");
    assertThat(json.has("meters")).isTrue();
    assertThat(remote("usage", "reset", "@remote-org").out()).startsWith("reset @remote-org: ");
    Run bad = remote("keys", "create", "--user", "rk-bob", "--account", "@{x}");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("account: an organisation like @acme");
  }

  @Test
  void reportRunsInTheFunctionInTextAndJson() {
    Run text = remote("report", "--days", "3");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("Funnel", "LIMIT REACHED", "features", "overage meter events dead-lettered",
        "overage waiting for a linked Stripe customer", "accounts with overage still to report");
    JsonObject json = Json.object(remote("report", "--json").out());
    assertThat(json.getAsJsonObject("loops").getAsJsonObject("features").has("limitReached")).isTrue();
    assertThat(json.getAsJsonObject("meters").has("deadLetters")).isTrue();
  }

  @Test
  void reconcileRunsInTheFunctionWithItsStripeKey() {
    Run r = remote("reconcile", "--customer", "cus_QtgDemo0001");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("reconciled 1 subscription(s) of cus_QtgDemo0001");
    assertThat(STRIPE_CALLS).anySatisfy(c -> assertThat(c).startsWith("GET /v1/subscriptions?")
        .contains("customer=cus_QtgDemo0001").endsWith("Bearer sk_test_remote_admin"));
  }

  @Test
  void aRequestTheFunctionRefusesIsAUsageErrorWithItsMessage() {
    Run r = remote("plan", "set", "rp-user", "gold");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tollgate plan set: plan: gold is not a plan of the config");
    Run loop = remote("usage", "reset", "rp-user", "--loop", "nope");
    assertThat(loop.code()).isEqualTo(2);
    assertThat(loop.err()).contains("loop: nope is not a loop of the config");
  }

  @Test
  void anUnknownFunctionIsARuntimeErrorNamingIt() {
    StringWriter err = new StringWriter();
    int code = TollgateCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "usage", "show",
        "x", "--remote", "NoSuchAdmin", "--endpoint-url", endpoint);
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("tollgate usage show: could not invoke NoSuchAdmin").contains("Function not found");
  }
}
