package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The admin function's handler on a real Redis, as Lambda calls it (JSON in, JSON out, a
 * context carrying the CLI's client context): every action, refusals answered as
 * {@code bad_request}, stack failures thrown, and one audit line per action without secrets.
 */
class AdminHandlerIT {
  static final GatingConfig CONFIG = ConfigLoader.fromFile(Path.of("../../gating.yaml"));
  static UnifiedJedis redis;
  final List<String> audit = new CopyOnWriteArrayList<>();
  final AdminHandler handler = new AdminHandler(() -> AdminWiring.of(CONFIG, redis, Map.of(), null, Clock.systemUTC()),
      audit::add);

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void keysCreateReturnsTheKeyOnceAndTheAuditLineCarriesOnlyItsHash() throws Exception {
    String user = TestRedis.uniqueUser("adm");
    JsonObject answer = invoke("{\"action\":\"keys.create\",\"user\":\"" + user + "\",\"email\":\"a@example.com\"}");
    assertThat(answer.get("ok").getAsBoolean()).isTrue();
    String key = answer.getAsJsonObject("result").get("key").getAsString();
    assertThat(new RedisApiKeyStore(redis).findByHash(dev.tollgate.identity.ApiKeys.sha256Hex(key))).isPresent();
    assertThat(audit).hasSize(1);
    JsonObject line = JsonParser.parseString(audit.get(0)).getAsJsonObject();
    assertThat(line.get("action").getAsString()).isEqualTo("keys.create");
    assertThat(line.get("operator").getAsString()).isEqualTo("ops@laptop");
    assertThat(line.get("user").getAsString()).isEqualTo(user);
    assertThat(line.get("outcome").getAsString()).isEqualTo("ok");
    assertThat(line.get("resultKeyHash").getAsString()).isEqualTo(dev.tollgate.identity.ApiKeys.sha256Hex(key));
    assertThat(audit.get(0)).doesNotContain(key);

    JsonObject revoked = invoke("{\"action\":\"keys.revoke\",\"key\":\"" + key + "\"}");
    assertThat(revoked.getAsJsonObject("result").get("revoked").getAsBoolean()).isTrue();
    assertThat(audit.get(1)).doesNotContain(key).contains(dev.tollgate.identity.ApiKeys.sha256Hex(key));
    assertThat(invoke("{\"action\":\"keys.revoke\",\"key\":\"" + key + "\"}").getAsJsonObject("result")
        .get("revoked").getAsBoolean()).isFalse();
  }

  @Test
  void planSetUsageShowAndResetActOnTheStacksRedis() throws Exception {
    String user = TestRedis.uniqueUser("adm");
    JsonObject set = invoke("{\"action\":\"plan.set\",\"user\":\"" + user + "\",\"plan\":\"paid\","
        + "\"until\":\"2999-01-01T00:00:00Z\"}");
    assertThat(set.getAsJsonObject("result").get("until").getAsString()).isEqualTo("2999-01-01T00:00:00Z");
    JsonObject show = invoke("{\"action\":\"usage.show\",\"user\":\"" + user + "\"}").getAsJsonObject("result");
    assertThat(show.get("plan").getAsString()).isEqualTo("paid");
    assertThat(show.getAsJsonArray("gates")).isNotEmpty();
    JsonObject reset = invoke("{\"action\":\"usage.reset\",\"user\":\"" + user + "\",\"loop\":\"features\"}");
    assertThat(reset.getAsJsonObject("result").get("gates").getAsInt()).isPositive();
    JsonObject report = invoke("{\"action\":\"report\",\"days\":2}").getAsJsonObject("result");
    assertThat(report.getAsJsonObject("loops").has("features")).isTrue();
    assertThat(report.getAsJsonArray("nearestLimits")).as("the activity lists are part of the report").isNotNull();
    assertThat(report.getAsJsonArray("latestBlocks")).isNotNull();
    assertThat(audit).hasSize(4).allMatch(l -> l.contains("\"outcome\":\"ok\""));
  }

  @Test
  void aRequestTheCallerGotWrongIsAnsweredBadRequestNamingTheField() throws Exception {
    for (String[] c : new String[][] {
        {"{\"action\":\"plan.set\",\"user\":\"u1\",\"plan\":\"gold\"}", "plan: gold is not a plan of the config"},
        {"{\"action\":\"usage.reset\",\"user\":\"u1\",\"loop\":\"nope\"}", "loop: nope is not a loop of the config"},
        {"{\"action\":\"keys.create\"}", "user: required by keys.create"},
        {"{\"action\":\"keys.create\",\"user\":\"u1\",\"usr\":\"x\"}", "usr: not a parameter of keys.create"},
        {"{\"action\":\"frobnicate\"}", "action: one of keys.create"},
        {"{\"action\":\"report\",\"days\":0}", "days: 1..400"},
        {"{\"action\":\"plan.set\",\"user\":\"u1\",\"plan\":\"paid\",\"until\":\"soon\"}", "until: an ISO instant"},
        {"{\"action\":\"keys.create\",\"user\":\"u1\",\"email\":\"Ada <a@example.com>\"}", "email: one address"},
        {"not json", "the event is not JSON"}}) {
      JsonObject answer = invoke(c[0]);
      assertThat(answer.get("ok").getAsBoolean()).as(c[0]).isFalse();
      assertThat(answer.get("error").getAsString()).isEqualTo("bad_request");
      assertThat(answer.get("message").getAsString()).as(c[0]).contains(c[1]);
    }
    assertThat(audit).hasSize(9).allMatch(l -> l.contains("\"outcome\":\"refused\""));
  }

  @Test
  void aStackFailureIsAFunctionErrorAndIsAudited() throws Exception {
    int closedPort = TestRedis.freePort();
    AdminHandler down = new AdminHandler(() -> AdminWiring.of(CONFIG, RedisConnector.connect("redis://127.0.0.1:"
        + closedPort, null, Duration.ofMillis(200), Duration.ofMillis(200)), Map.of(), null,
        Clock.systemUTC()), audit::add);
    assertThatThrownBy(() -> down.handleRequest(in("{\"action\":\"usage.show\",\"user\":\"u1\"}"),
        new ByteArrayOutputStream(), context())).isInstanceOf(RuntimeException.class);
    assertThat(audit).singleElement().asString().contains("\"outcome\":\"failed\"", "\"action\":\"usage.show\"");
    assertThatThrownBy(() -> handler.handleRequest(in("{\"action\":\"reconcile\"}"), new ByteArrayOutputStream(),
        context())).hasMessageContaining("STRIPE_API_KEY is not set");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"keys-create.json", "usage-show.json", "usage-reset.json",
      "plan-set.json", "report.json"})
  void theAdminSamplesRunAsTheyAre(String sample) throws Exception {
    JsonObject answer = invoke(java.nio.file.Files.readString(Path.of("../../events/admin", sample)));
    assertThat(answer.get("ok").getAsBoolean()).as(answer.toString()).isTrue();
  }

  @Test
  void theReconcileSampleNeedsTheFunctionsStripeKey() {
    assertThatThrownBy(() -> invoke(java.nio.file.Files.readString(Path.of("../../events/admin", "reconcile.json"))))
        .hasMessageContaining("STRIPE_API_KEY is not set");
  }

  JsonObject invoke(String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(in(event), out, context());
    return JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static Context context() {
    ClientContext cc = new ClientContext() {
      @Override
      public Client getClient() {
        return null;
      }

      @Override
      public Map<String, String> getCustom() {
        return Map.of(AdminAudit.OPERATOR_FIELD, "ops@laptop");
      }

      @Override
      public Map<String, String> getEnvironment() {
        return Map.of();
      }
    };
    return new Context() {
      public String getAwsRequestId() {
        return "req-1";
      }

      public String getLogGroupName() {
        return "g";
      }

      public String getLogStreamName() {
        return "s";
      }

      public String getFunctionName() {
        return "AdminFunction";
      }

      public String getFunctionVersion() {
        return "$LATEST";
      }

      public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:AdminFunction";
      }

      public CognitoIdentity getIdentity() {
        return null;
      }

      public ClientContext getClientContext() {
        return cc;
      }

      public int getRemainingTimeInMillis() {
        return 60_000;
      }

      public int getMemoryLimitInMB() {
        return 1024;
      }

      public LambdaLogger getLogger() {
        return null;
      }
    };
  }
}
