package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code GET /usage} through the real authorizer and the usage function on real Redis: the
 * authorizer allows it without counting (even under a {@code /**} loop), the function shows
 * exact usage of the caller's (pooled) account, credits and overage where configured; an
 * allowed call carries the IETF RateLimit fields of its tightest limit, a denied one the
 * seconds to the reset.
 */
class UsageEndpointIT {
  // now, not a fixed date: the account hash expires at the end of its windows, by the server's clock
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static UnifiedJedis redis;
  static GatingConfig config;
  static UsageAuthorizerHandler authorizer;
  static UsageEndpointHandler usage;

  @BeforeAll
  static void setUp() throws Exception {
    // features: 5 free calls in 30 days (credits past them; paid: 4 then overage up to 10);
    // everything: any path at all, 4 free calls a day, so that /** would count /usage if anything did
    String yaml = Files.readString(Path.of("..", "..", "gating.yaml"))
        .replace("limit: { free: 100, paid: 10000 }", "limit: { free: 5, paid: 4 }\n          credits: true")
        .replace("cap: 50000", "cap: 10")
        .replace("  header: Authorization\n", "  header: Authorization\n  accountClaim: org_id\n")
        .replace("plans:\n", "  - name: everything\n    steps:\n      - trigger: { type: api, endpoint: \"/**\", method: ANY }\n"
            + "        condition: { type: usage, limit: { free: 4, paid: unlimited }, period: 1d }\n"
            + "        action: { type: block, message: \"Daily limit\" }\n\nplans:\n");
    config = ConfigLoader.parse(yaml, "gating.yaml (usage endpoint)");
    assertThat(config.loops()).extracting(GatingConfig.Loop::name).containsExactly("features", "export", "everything");
    redis = TestRedis.client();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    AuthorizerWiring w = AuthorizerWiring.of(config, redis, Map.of("JWT_SECRET", AuthorizerRig.SECRET), line -> { });
    authorizer = w.handler(clock);
    usage = w.usageHandler(clock);
  }

  @AfterAll
  static void tearDown() {
    redis.close();
  }

  static String token(String sub, String org) {
    return AuthorizerRig.orgToken(sub, org);
  }

  /** A counted call: POST /api/features/search, which both loops match. */
  static IamPolicyResponseV1 call(String token) {
    return authorizer.handleRequest(AuthorizerRig.event(token), null);
  }

  /** The authorizer event of GET /usage (the API's /usage resource) with {@code token}, or no credentials. */
  static AuthorizerRequestEvent usageEvent(String token) {
    AuthorizerRequestEvent e = AuthorizerRig.event(token == null ? "x" : token);
    e.setResource(UsageEndpointHandler.RESOURCE);
    e.setPath("/usage");
    e.setHttpMethod("GET");
    e.setPathParameters(null);
    e.getRequestContext().setPath("/prod/usage");
    return token == null ? AuthorizerRig.withHeader(e, "Authorization", null) : e;
  }

  /** GET /usage end to end: the authorizer's Allow, then the function with its context, as API Gateway passes it. */
  static JsonObject usage(String token) {
    IamPolicyResponseV1 p = authorizer.handleRequest(usageEvent(token), null);
    assertThat(AuthorizerRig.allows(p)).isTrue();
    assertThat(p.getContext()).as("nothing counted, so no limit to report").containsEntry("loop", "")
        .containsEntry("rateLimit", "");
    Map<String, Object> ctx = new HashMap<>(p.getContext());
    ctx.put("principalId", p.getPrincipalId());
    APIGatewayProxyRequestEvent.ProxyRequestContext rc = new APIGatewayProxyRequestEvent.ProxyRequestContext()
        .withResourcePath("/usage");
    rc.setAuthorizer(ctx);
    APIGatewayProxyResponseEvent r = usage.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
        .withResource("/usage").withPath("/usage").withRequestContext(rc), null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getHeaders()).containsEntry("Cache-Control", "no-store");
    return JsonParser.parseString(r.getBody()).getAsJsonObject();
  }

  @Test
  void showsExactUsedAndRemainingAfterNCallsAndIsNeverItselfCounted() {
    String ada = TestRedis.uniqueUser("ada");
    String t = token(ada, null);
    for (int i = 0; i < 3; i++) {
      assertThat(AuthorizerRig.allows(call(t))).isTrue();
    }
    JsonObject first = usage(t);
    for (int i = 0; i < 25; i++) {
      assertThat(usage(t)).as("GET /usage counts nothing, not even under /**").isEqualTo(first);
    }
    assertThat(first.get("account").getAsString()).isEqualTo(ada);
    assertThat(first.get("user").getAsString()).isEqualTo(ada);
    assertThat(first.get("plan").getAsString()).isEqualTo("free");
    assertThat(first.getAsJsonArray("features")).isEmpty();
    JsonObject features = first.getAsJsonObject("loops").getAsJsonObject("features");
    assertThat(features.get("used").getAsLong()).isEqualTo(3);
    assertThat(features.get("limit").getAsLong()).isEqualTo(5);
    assertThat(features.get("remaining").getAsLong()).isEqualTo(2);
    assertThat(features.get("period").getAsString()).isEqualTo("30d");
    assertThat(features.get("resetAt").getAsString()).isEqualTo(T0.plus(Duration.ofDays(30)).toString());
    JsonObject everything = first.getAsJsonObject("loops").getAsJsonObject("everything");
    assertThat(everything.get("used").getAsLong()).isEqualTo(3);
    assertThat(everything.get("remaining").getAsLong()).isEqualTo(1);
    assertThat(redis.hget(Keys.account(AccountId.personal(UserId.of(ada))), "everything:n")).isEqualTo("3");
    // the fourth call is still allowed: the reads above took nothing
    assertThat(AuthorizerRig.allows(call(t))).isTrue();
    assertThat(usage(t).getAsJsonObject("loops").getAsJsonObject("everything").get("remaining").getAsLong()).isZero();
  }

  @Test
  void aFreshAccountHasNoWindowYetSoNoResetTime() {
    JsonObject u = usage(token(TestRedis.uniqueUser("new"), null));
    JsonObject features = u.getAsJsonObject("loops").getAsJsonObject("features");
    assertThat(features.get("used").getAsLong()).isZero();
    assertThat(features.get("remaining").getAsLong()).isEqualTo(5);
    assertThat(features.get("resetAt").isJsonNull()).as("a 30d window starts with the first counted call").isTrue();
    assertThat(redis.exists(Keys.account(AccountId.personal(UserId.of(u.get("user").getAsString()))))).isFalse();
  }

  @Test
  void membersOfAnOrganisationSeeTheirPooledAccount() {
    String org = TestRedis.uniqueUser("acme");
    String alice = TestRedis.uniqueUser("alice");
    String bob = TestRedis.uniqueUser("bob");
    call(token(alice, org));
    call(token(alice, org));
    call(token(bob, org));
    JsonObject u = usage(token(bob, org));
    assertThat(u.get("account").getAsString()).isEqualTo("@" + org);
    assertThat(u.get("user").getAsString()).isEqualTo(bob);
    assertThat(u.getAsJsonObject("loops").getAsJsonObject("features").get("used").getAsLong()).isEqualTo(3);
    assertThat(usage(token(TestRedis.uniqueUser("solo"), null)).getAsJsonObject("loops").getAsJsonObject("features")
        .get("used").getAsLong()).as("a caller without the claim has an account of their own").isZero();
  }

  @Test
  void creditsShowTheirBalanceAndSoonestExpiryOnceDrawn() {
    String cleo = TestRedis.uniqueUser("cleo");
    AccountId account = AccountId.personal(UserId.of(cleo));
    // paid: 4 included calls, then credits (before overage); everything is unlimited on paid
    redis.hset(Keys.account(account), "plan", "paid");
    RedisCreditStore credits = new RedisCreditStore(redis);
    Instant soon = T0.plus(Duration.ofDays(7));
    credits.grant(account, "cs_soon", 10, soon, T0);
    credits.grant(account, "cs_later", 5, T0.plus(Duration.ofDays(90)), T0);
    credits.grant(account, "cs_never", 20, null, T0);
    credits.grant(account, "cs_gone", 50, T0.minusSeconds(1), T0.minus(Duration.ofDays(1)));
    String t = token(cleo, null);
    for (int i = 0; i < 4 + 2; i++) {
      assertThat(AuthorizerRig.allows(call(t))).as("call " + (i + 1)).isTrue();
    }
    JsonObject u = usage(t);
    assertThat(u.getAsJsonObject("loops").getAsJsonObject("features").getAsJsonObject("overage").get("used")
        .getAsLong()).as("credits cover what is past the allowance before overage").isZero();
    JsonObject c = u.getAsJsonObject("credits");
    assertThat(c.get("balance").getAsLong()).as("35 live, 2 drawn").isEqualTo(33);
    assertThat(c.get("nextExpiry").getAsString()).isEqualTo(soon.toString());
    assertThat(c.get("expiring").getAsLong()).as("drawn from the soonest grant first").isEqualTo(8);
  }

  @Test
  void overageShowsUnitsPastTheIncludedLimitAndTheCap() {
    String dan = TestRedis.uniqueUser("dan");
    redis.hset(Keys.account(AccountId.personal(UserId.of(dan))), "plan", "paid");
    String t = token(dan, null);
    for (int i = 0; i < 6; i++) {
      assertThat(AuthorizerRig.allows(call(t))).isTrue();
    }
    JsonObject u = usage(t);
    assertThat(u.get("plan").getAsString()).isEqualTo("paid");
    JsonObject features = u.getAsJsonObject("loops").getAsJsonObject("features");
    assertThat(features.get("used").getAsLong()).isEqualTo(4);
    assertThat(features.get("remaining").getAsLong()).isZero();
    assertThat(features.getAsJsonObject("overage").get("used").getAsLong()).isEqualTo(2);
    assertThat(features.getAsJsonObject("overage").get("cap").getAsLong()).isEqualTo(10);
    assertThat(u.getAsJsonObject("loops").getAsJsonObject("everything").get("limit").isJsonNull())
        .as("unlimited on paid").isTrue();
  }

  @Test
  void theSampleEventAnswersWithItsCallersUsage() {
    String user = "user_free_1";
    APIGatewayProxyRequestEvent sample = EventLoader.loadEvent(Path.of("..", "..", "events", "usage", "get-usage.json")
        .toString(), APIGatewayProxyRequestEvent.class);
    APIGatewayProxyResponseEvent r = usage.handleRequest(sample, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    JsonObject u = JsonParser.parseString(r.getBody()).getAsJsonObject();
    assertThat(u.get("user").getAsString()).isEqualTo(user);
    assertThat(u.get("account").getAsString()).isEqualTo(user);
    assertThat(u.getAsJsonObject("loops").getAsJsonObject("features").get("limit").getAsLong()).isEqualTo(5);
  }

  @Test
  void aCallerWithoutCredentialsIs401() {
    assertThatThrownBy(() -> authorizer.handleRequest(usageEvent(null), null))
        .isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class).hasMessage("Unauthorized");
    assertThat(usage.handleRequest(new APIGatewayProxyRequestEvent().withPath("/usage"), null).getStatusCode())
        .as("the function alone, called around the gateway").isEqualTo(401);
  }

  @Test
  void anAllowedCallCarriesTheRateLimitFieldsOfItsTightestMatchedLimit() {
    String eve = TestRedis.uniqueUser("eve");
    IamPolicyResponseV1 p = call(token(eve, null));
    // features: 4 of 5 left over 30 days; everything: 3 of 4 left over one day: everything is tighter
    assertThat(p.getContext()).containsEntry("loop", "everything")
        .containsEntry("rateLimitPolicy", "\"everything\";q=4;w=86400")
        .containsEntry("rateLimit", "\"everything\";r=3;t=86400");
  }

  @Test
  void aDenialCarriesTheSecondsToTheResetForRetryAfter() {
    String fay = TestRedis.uniqueUser("fay");
    String t = token(fay, null);
    for (int i = 0; i < 4; i++) {
      call(t);
    }
    IamPolicyResponseV1 denied = call(t);
    assertThat(AuthorizerRig.allows(denied)).isFalse();
    assertThat(denied.getContext()).containsEntry("loop", "everything").containsEntry("retryAfter", 86400L)
        .containsEntry("resetAt", T0.plus(Duration.ofDays(1)).toString());
  }
}
