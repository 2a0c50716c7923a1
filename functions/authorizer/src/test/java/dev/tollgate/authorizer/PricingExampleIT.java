package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The README's worked pricing example, {@code examples/pricing.yaml}, through the real
 * authorizer on a real Redis: an AI call costs five units of the team's pool, export is a Pro
 * feature, and a free member's share of the pooled window stops them while a teammate goes on.
 */
class PricingExampleIT {
  static final Path EXAMPLE = Path.of("..", "..", "examples", "pricing.yaml");
  static UnifiedJedis redis;
  static UsageAuthorizerHandler handler;

  @BeforeAll
  static void setUp() throws Exception {
    GatingConfig config = ConfigLoader.parse(Files.readString(EXAMPLE), EXAMPLE.toString());
    redis = TestRedis.client();
    handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
  }

  @AfterAll
  static void tearDown() {
    redis.close();
  }

  @Test
  void anAiCallCostsFiveUnitsAndTheOneThatDoesNotFitIsDeniedWhole() {
    String org = TestRedis.uniqueUser("ai");
    String ada = TestRedis.uniqueUser("ada");
    for (int i = 1; i <= 10; i++) {
      IamPolicyResponseV1 p = call(ada, org, "POST", "api/ai/complete");
      assertThat(AuthorizerRig.allows(p)).as("call %d", i).isTrue();
      assertThat(p.getContext()).containsEntry("used", 5L * i);
    }
    IamPolicyResponseV1 eleventh = call(ada, org, "POST", "api/ai/complete");
    assertThat(AuthorizerRig.allows(eleventh)).isFalse();
    assertThat(eleventh.getContext()).containsEntry("loop", "ai").containsEntry("used", 50L).containsEntry("limit", 50L);
  }

  @Test
  void exportIsAProFeatureForEveryMethod() {
    String org = TestRedis.uniqueUser("exp");
    for (String method : new String[] {"GET", "POST"}) {
      IamPolicyResponseV1 p = call(TestRedis.uniqueUser("eve"), org, method, "api/export/report.csv");
      assertThat(AuthorizerRig.allows(p)).isFalse();
      assertThat(p.getContext()).containsEntry("code", "feature_unavailable")
          .containsEntry("message", "Export is a Pro feature.");
    }
  }

  @Test
  void aFreeMembersShareStopsThemWhileATeammateGoesOn() {
    String org = TestRedis.uniqueUser("team");
    String alice = TestRedis.uniqueUser("alice");
    for (int i = 0; i < 40; i++) {
      assertThat(AuthorizerRig.allows(call(alice, org, "POST", "api/features/search"))).isTrue();
    }
    IamPolicyResponseV1 over = call(alice, org, "POST", "api/features/search");
    assertThat(over.getContext()).containsEntry("code", "member_limit_exceeded");
    IamPolicyResponseV1 bob = call(TestRedis.uniqueUser("bob"), org, "POST", "api/features/search");
    assertThat(AuthorizerRig.allows(bob)).as("the pool has 60 left").isTrue();
    assertThat(bob.getContext()).containsEntry("accountId", "@" + org).containsEntry("used", 41L);
  }

  private static IamPolicyResponseV1 call(String user, String org, String method, String route) {
    AuthorizerRequestEvent e = AuthorizerRig.event(token(user, org));
    e.setHttpMethod(method);
    e.setPath("/" + route);
    e.setPathParameters(Map.of("proxy", route));
    return handler.handleRequest(e, null);
  }

  private static String token(String sub, String org) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(sub)
          .claim("org_id", org).expirationTime(Date.from(AuthorizerRig.EXP)).build());
      jwt.sign(new MACSigner(AuthorizerRig.SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException x) {
      throw new IllegalStateException(x);
    }
  }
}
