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
import dev.tollgate.identity.AccountId;
import dev.tollgate.meter.MeterDeadLetter;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.redis.RedisMeterStores;
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
    assertThat(audit).hasSize(4).allMatch(l -> l.contains("\"outcome\":\"ok\""));
  }

  @Test
  void creditsGrantIsIdempotentPerGrantIdAndShowListsTheGrants() throws Exception {
    String org = "@" + TestRedis.uniqueUser("adm-credits");
    JsonObject first = invoke("{\"action\":\"credits.grant\",\"account\":\"" + org + "\",\"amount\":40,"
        + "\"id\":\"cs_adm_1\",\"expires\":\"2999-01-01T00:00:00Z\"}").getAsJsonObject("result");
    assertThat(first.get("granted").getAsBoolean()).isTrue();
    assertThat(first.get("balance").getAsLong()).isEqualTo(40);
    JsonObject again = invoke("{\"action\":\"credits.grant\",\"account\":\"" + org + "\",\"amount\":40,"
        + "\"id\":\"cs_adm_1\"}").getAsJsonObject("result");
    assertThat(again.get("granted").getAsBoolean()).as("a retried grant").isFalse();
    assertThat(again.get("balance").getAsLong()).isEqualTo(40);
    JsonObject shown = invoke("{\"action\":\"credits.show\",\"account\":\"" + org + "\"}").getAsJsonObject("result");
    assertThat(shown.get("balance").getAsLong()).isEqualTo(40);
    assertThat(shown.getAsJsonArray("grants")).singleElement().satisfies(g -> {
      assertThat(g.getAsJsonObject().get("id").getAsString()).isEqualTo("cs_adm_1");
      assertThat(g.getAsJsonObject().get("expires").getAsString()).isEqualTo("2999-01-01T00:00:00Z");
    });
    assertThat(new RedisCreditStore(redis).show(AccountId.parse(org), java.time.Instant.now()).balance()).isEqualTo(40);
    assertThat(audit).hasSize(3).allMatch(l -> l.contains("\"account\":\"" + org + "\""));
  }

  @Test
  void keysCreateForAnOrganisationTagsTheKeyWithItsAccount() throws Exception {
    String org = TestRedis.uniqueUser("adm-acme");
    JsonObject r = invoke("{\"action\":\"keys.create\",\"user\":\"bob\",\"account\":\"@" + org + "\"}")
        .getAsJsonObject("result");
    assertThat(r.get("account").getAsString()).isEqualTo("@" + org);
    assertThat(redis.hget(Keys.apiKey(r.get("keyHash").getAsString()), "a")).isEqualTo(org);
  }

  @Test
  void usageOfAnOrganisationShowsItsMemberOverageAndCreditsAndResetKeepsTheOverage() throws Exception {
    AccountId team = AccountId.organisation(TestRedis.uniqueUser("adm-team"));
    RedisMeterStores.server().overage(team, "api_requests", 6);
    invoke("{\"action\":\"credits.grant\",\"account\":\"" + team.value() + "\",\"amount\":9,\"id\":\"g1\"}");
    JsonObject doc = invoke("{\"action\":\"usage.show\",\"account\":\"" + team.value() + "\",\"member\":\"carol\"}")
        .getAsJsonObject("result");
    assertThat(doc.get("account").getAsString()).isEqualTo(team.value());
    assertThat(doc.get("user").getAsString()).isEqualTo("carol");
    assertThat(doc.get("credits").getAsLong()).isEqualTo(9);
    assertThat(doc.getAsJsonObject("meters").getAsJsonObject("api_requests").get("counted").getAsLong()).isEqualTo(6);
    assertThat(doc.get("stripeCustomer").isJsonNull()).isTrue();
    JsonObject reset = invoke("{\"action\":\"usage.reset\",\"account\":\"" + team.value() + "\"}")
        .getAsJsonObject("result");
    assertThat(reset.get("account").getAsString()).isEqualTo(team.value());
    JsonObject after = invoke("{\"action\":\"usage.show\",\"account\":\"" + team.value() + "\"}")
        .getAsJsonObject("result");
    assertThat(after.getAsJsonObject("meters").getAsJsonObject("api_requests").get("counted").getAsLong())
        .as("overage counted is billed: a reset keeps it").isEqualTo(6);
  }

  @Test
  void usageShowOfAUserIsTheirOwnAccountAsTheySeeIt() throws Exception {
    String user = "@" + TestRedis.uniqueUser("adm-at");
    JsonObject byUser = invoke("{\"action\":\"usage.show\",\"user\":\"" + user + "\"}").getAsJsonObject("result");
    assertThat(byUser.get("account").getAsString()).as("a user id starting with @ is escaped").isEqualTo("\\" + user);
    assertThat(byUser.get("user").getAsString()).isEqualTo(user);
    JsonObject byAccount = invoke("{\"action\":\"usage.show\",\"account\":\"\\\\" + user + "\"}")
        .getAsJsonObject("result");
    assertThat(byAccount.get("account").getAsString()).isEqualTo("\\" + user);
    assertThat(byAccount.get("user").getAsString()).isEqualTo(user);
  }

  @Test
  void theReportListsOverageThatDidNotReachStripePerAccount() throws Exception {
    AccountId team = AccountId.organisation(TestRedis.uniqueUser("adm-billed"));
    RedisMeterQueue q = new RedisMeterQueue(redis, Clock.systemUTC());
    q.deadLetter(new MeterDeadLetter(team.value() + "|api_requests|0-9", team, "api_requests", "cus_Gone", 9, 8,
        "HTTP 400: No such customer: 'cus_Gone'", java.time.Instant.now()));
    AccountId orphan = AccountId.organisation(TestRedis.uniqueUser("adm-orphan"));
    q.hold(orphan, Map.of("api_requests", 4L), java.time.Instant.now());
    JsonObject meters = invoke("{\"action\":\"report\",\"days\":1}").getAsJsonObject("result").getAsJsonObject("meters");
    assertThat(meters.getAsJsonArray("deadLetters").toString()).contains(team.value(), "cus_Gone", "No such customer");
    assertThat(meters.getAsJsonArray("waitingForCustomer").toString()).contains(orphan.value(), "\"api_requests\":4");
    assertThat(meters.get("accountsToReport").getAsLong()).isNotNegative();
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
        {"{\"action\":\"keys.create\",\"user\":\"u1\",\"account\":\"\\\\x\"}", "account: an organisation like @acme"},
        {"{\"action\":\"usage.show\"}", "account: required by usage.show (takes account, member, user)"},
        {"{\"action\":\"usage.show\",\"account\":\"@\"}", "account: @org for an organisation or a user id"},
        {"{\"action\":\"usage.show\",\"account\":\"a\",\"user\":\"a\"}", "user: names a user's own account"},
        {"{\"action\":\"credits.grant\",\"account\":\"@a\",\"amount\":0,\"id\":\"g\"}", "amount: 1..1000000000"},
        {"{\"action\":\"credits.grant\",\"account\":\"@a\",\"amount\":2.5,\"id\":\"g\"}", "amount: 1..1000000000"},
        {"{\"action\":\"credits.grant\",\"account\":\"@a\",\"amount\":5}", "id: required by credits.grant"},
        {"{\"action\":\"credits.grant\",\"account\":\"@a\",\"amount\":5,\"id\":\"a|b\"}", "id: 1-128 letters"},
        {"{\"action\":\"credits.grant\",\"account\":\"@a\",\"amount\":5,\"id\":\"g\",\"expires\":\"2001-01-01T00:00:00Z\"}",
            "expires: 2001-01-01T00:00:00Z is not in the future"},
        {"{\"action\":\"credits.show\",\"account\":\"@a\",\"member\":\"b\"}", "member: not a parameter of credits.show"},
        {"not json", "the event is not JSON"}}) {
      JsonObject answer = invoke(c[0]);
      assertThat(answer.get("ok").getAsBoolean()).as(c[0]).isFalse();
      assertThat(answer.get("error").getAsString()).isEqualTo("bad_request");
      assertThat(answer.get("message").getAsString()).as(c[0]).contains(c[1]);
    }
    assertThat(audit).hasSize(19).allMatch(l -> l.contains("\"outcome\":\"refused\""));
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
      "plan-set.json", "report.json", "usage-show-account.json", "credits-grant.json", "credits-show.json"})
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
