package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPendingWork;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.UsageGate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer end to end on a real Redis, fed the sample events of {@code events/authorizer}
 * as Lambda would deserialize them.
 */
class UsageAuthorizerHandlerIT {
  static final String SAMPLE_SECRET = "tollgate-sample-secret-0123456789abcdef";
  static final Path EVENTS = Path.of("..", "..", "events", "authorizer");
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  static GatingConfig config;
  static UnifiedJedis redis;
  static UsageAuthorizerHandler handler;

  @BeforeAll
  static void setUp() {
    config = ConfigLoader.parse(ConfigLoader.class.getClassLoader().getResourceAsStream("gating.yaml") == null ? ""
        : readExample().replace("free: 100,", "free: 3,"),
        "gating.yaml (limit 3)");
    redis = TestRedis.client();
    RedisUsageStore store = RedisUsageStore.forConfig(redis, config);
    handler = new UsageAuthorizerHandler(
        Authenticators.fromConfig(config.identity(), Map.of("JWT_SECRET", SAMPLE_SECRET), new RedisApiKeyStore(redis)),
        new UsageGate(config, store, new RedisPendingIndex(redis)), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static String readExample() {
    try {
      return java.nio.file.Files.readString(Path.of("..", "..", "gating.yaml"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void tearDown() {
    redis.close();
  }

  @BeforeEach
  void freshUsers() {
    for (String u : new String[] {"user_free_1", "user_free_2", "user_over_limit"}) {
      redis.del(Keys.plan(u), Keys.plan(u) + ":o", Keys.timeline(u));
    }
  }

  static AuthorizerRequestEvent event(String name) {
    return EventLoader.loadEvent(EVENTS.resolve(name).toString(), AuthorizerRequestEvent.class);
  }

  @Test
  void allowsAGatedCallAndTellsTheBackendItsUsage() {
    IamPolicyResponseV1 p = handler.handleRequest(event("allowed.json"), null);
    assertThat(p.getPrincipalId()).isEqualTo("user_free_1");
    assertThat(json(p)).contains("\"Effect\":\"Allow\"").contains("\"Action\":\"execute-api:Invoke\"")
        .contains("arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/POST/api/features/search");
    assertThat(p.getContext()).containsEntry("userId", "user_free_1").containsEntry("plan", "free")
        .containsEntry("used", 1L).containsEntry("limit", 3L).containsEntry("remaining", 2L)
        .containsEntry("loop", "features");
    assertThat(p.getContext().get("resetAt")).isEqualTo(NOW.plus(java.time.Duration.ofDays(30)).toString());
  }

  @Test
  void blocksPastTheLimitWithTheUpgradeMessageAndRecordsTheFirstHit() {
    String day = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toString();
    drainFollowUps();
    String before = redis.hget(Keys.funnelDay(day), "features:limitReached");
    for (int i = 1; i <= 3; i++) {
      assertThat(handler.handleRequest(event("over-limit.json"), null).getContext()).containsEntry("used", (long) i);
    }
    IamPolicyResponseV1 denied = handler.handleRequest(event("over-limit.json"), null);
    assertThat(json(denied)).contains("\"Effect\":\"Deny\"");
    assertThat(denied.getContext())
        .containsEntry("code", "usage_limit_exceeded")
        .containsEntry("message", "You've reached your free tier limit. Upgrade to continue.")
        .containsEntry("limit", 3L).containsEntry("used", 3L)
        .containsEntry("upgradeUrl", "https://buy.stripe.com/test_XXXX?client_reference_id=user_over_limit"
            + "&prefilled_email=grace%40example.com");
    handler.handleRequest(event("over-limit.json"), null);
    drainFollowUps();
    drainFollowUps();
    String after = redis.hget(Keys.funnelDay(day), "features:limitReached");
    assertThat(Long.parseLong(after)).as("a user blocked twice in a window counts once")
        .isEqualTo((before == null ? 0 : Long.parseLong(before)) + 1);
    assertThat(redis.hget(Keys.timeline("user_over_limit"), "h:features")).isEqualTo(Long.toString(NOW.toEpochMilli()));
  }

  /** What the scheduled function does first: the follow-up work decisions left in accounts. */
  static void drainFollowUps() {
    new PendingDrainer(new RedisPendingWork(redis),
        new CrossingFollowUps(new RedisEmailQueue(redis), new RedisFunnel(redis), config), List.of(), config)
        .drain(1000);
  }

  @Test
  void aPayingUserIsUnblockedOnTheNextCall() {
    for (int i = 0; i < 4; i++) {
      handler.handleRequest(event("over-limit.json"), null);
    }
    assertThat(json(handler.handleRequest(event("over-limit.json"), null))).contains("Deny");
    redis.hset(Keys.plan("user_over_limit"), Map.of("plan", "paid"));
    IamPolicyResponseV1 p = handler.handleRequest(event("over-limit.json"), null);
    assertThat(json(p)).contains("\"Effect\":\"Allow\"");
    assertThat(p.getContext()).as("the paid plan's included calls").containsEntry("plan", "paid")
        .containsEntry("limit", 10000L);
  }

  @Test
  void ungatedRoutesAreAllowedWithoutCounting() {
    IamPolicyResponseV1 p = handler.handleRequest(event("ungated.json"), null);
    assertThat(json(p)).contains("\"Effect\":\"Allow\"");
    // every forwarded key is present (empty here), so the gateway overwrites a client's X-Tollgate-Used
    assertThat(p.getContext()).containsEntry("userId", "user_free_1").containsEntry("used", "").containsEntry("loop", "");
    assertThat(redis.hexists(Keys.plan("user_free_1"), "features:s")).isFalse();
  }

  @Test
  void repeatedHeadersInOtherCaseAndOddPathSpellingsStillCount() {
    IamPolicyResponseV1 p = handler.handleRequest(event("mixed-case-headers.json"), null);
    assertThat(p.getContext()).containsEntry("used", 1L).containsEntry("loop", "features");
  }

  @ParameterizedTest
  @ValueSource(strings = {"custom-domain-base-path.json", "custom-domain-two-level-base-path.json",
      "explicit-resource.json", "matrix-parameters.json"})
  void aGatedRouteIsCountedWhateverPathTheGatewayReports(String file) {
    IamPolicyResponseV1 p = handler.handleRequest(event(file), null);
    assertThat(p.getContext()).as(file).containsEntry("loop", "features").containsEntry("used", 1L);
    assertThat(handler.handleRequest(event(file), null).getContext()).containsEntry("used", 2L);
  }

  @Test
  void twoDifferentAuthorizationHeadersAreUnauthorizedEvenWhenTheLastIsValid() {
    AuthorizerRequestEvent e = event("duplicate-authorization.json");
    assertThat(e.getHeaders().get("Authorization")).as("API Gateway keeps the last value in headers")
        .isEqualTo(e.getMultiValueHeaders().get("Authorization").get(1));
    assertThatThrownBy(() -> handler.handleRequest(e, null))
        .isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class);
    assertThat(redis.hexists(Keys.plan("user_free_2"), "features:s")).isFalse();
    assertThat(redis.hexists(Keys.plan("user_free_1"), "features:s")).isFalse();
  }

  @Test
  void twoDifferentApiKeysAreUnauthorized() {
    GatingConfig.Identity keys = new GatingConfig.Identity(GatingConfig.IdentityType.API_KEY, "Authorization",
        java.util.Optional.empty(), java.time.Duration.ofSeconds(60), java.util.Optional.empty());
    UsageAuthorizerHandler h = new UsageAuthorizerHandler(
        Authenticators.fromConfig(keys, Map.of(), new RedisApiKeyStore(redis)),
        new UsageGate(config, RedisUsageStore.forConfig(redis, config), new RedisPendingIndex(redis)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    RedisApiKeyStore store = new RedisApiKeyStore(redis);
    String mine = store.create(TestRedis.uniqueUser("key-a"), null, NOW);
    String theirs = store.create(TestRedis.uniqueUser("key-b"), null, NOW);
    AuthorizerRequestEvent e = AuthorizerRig.withHeader(event("allowed.json"), "Authorization", null);
    e.getHeaders().put("x-api-key", theirs);
    e.getMultiValueHeaders().put("x-api-key", java.util.List.of(mine, theirs));
    assertThatThrownBy(() -> h.handleRequest(e, null)).isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class);
    e.getMultiValueHeaders().put("x-api-key", java.util.List.of(theirs, theirs));
    assertThat(json(h.handleRequest(e, null))).contains("\"Effect\":\"Allow\"");
  }

  @Test
  void headIsGatedLikeGetAndACorsPreflightIsNeverCounted() {
    GatingConfig reads = ConfigLoader.parse(readExample().replace("endpoint: \"/api/features/*\", method: POST",
        "endpoint: \"/api/features/*\", method: [GET, OPTIONS]"), "gating.yaml (GET, OPTIONS)");
    UsageAuthorizerHandler h = new UsageAuthorizerHandler(
        Authenticators.fromConfig(reads.identity(), Map.of("JWT_SECRET", SAMPLE_SECRET), new RedisApiKeyStore(redis)),
        new UsageGate(reads, RedisUsageStore.forConfig(redis, reads), new RedisPendingIndex(redis)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    AuthorizerRequestEvent head = event("allowed.json");
    head.setHttpMethod("HEAD");
    assertThat(h.handleRequest(head, null).getContext()).containsEntry("loop", "features").containsEntry("used", 1L);
    AuthorizerRequestEvent preflight = event("allowed.json");
    preflight.setHttpMethod("OPTIONS");
    AuthorizerRig.withHeader(preflight, "Origin", "https://app.example.com");
    AuthorizerRig.withHeader(preflight, "Access-Control-Request-Method", "GET");
    IamPolicyResponseV1 p = h.handleRequest(preflight, null);
    assertThat(json(p)).contains("\"Effect\":\"Allow\"");
    assertThat(p.getContext()).as("not counted: empty, present so the gateway overwrites a client's header")
        .containsEntry("used", "");
    AuthorizerRequestEvent options = event("allowed.json");
    options.setHttpMethod("OPTIONS");
    assertThat(h.handleRequest(options, null).getContext()).as("a plain OPTIONS on an OPTIONS trigger counts")
        .containsEntry("used", 2L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad-token.json", "expired-token.json", "missing-token.json"})
  void badCredentialsAreUnauthorized(String file) {
    assertThatThrownBy(() -> handler.handleRequest(event(file), null))
        .isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class).hasMessage("Unauthorized");
  }

  static String json(IamPolicyResponseV1 p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LambdaEventSerializers.serializerFor(IamPolicyResponseV1.class, IamPolicyResponseV1.class.getClassLoader())
        .toJson(p, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
