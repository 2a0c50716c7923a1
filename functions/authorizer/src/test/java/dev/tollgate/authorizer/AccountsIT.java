package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Teams through the real authorizer: with {@code identity.accountClaim}, members of one
 * organisation draw on one pooled allowance, the policy and the 402 carry both ids, and a
 * caller without the claim keeps an allowance of their own; an API key issued for an
 * organisation draws on its account.
 */
class AccountsIT {
  static UnifiedJedis redis;
  static GatingConfig config;
  static UsageAuthorizerHandler handler;

  @BeforeAll
  static void setUp() throws Exception {
    String yaml = Files.readString(Path.of("..", "..", "gating.yaml"))
        .replace("free: 100,", "free: 3,")
        .replace("  header: Authorization\n", "  header: Authorization\n  accountClaim: org_id\n");
    config = ConfigLoader.parse(yaml, "gating.yaml (accounts)");
    assertThat(config.identity().accountClaim()).contains("org_id");
    redis = TestRedis.client();
    handler = AuthorizerRig.handler(config, redis, Clock.systemUTC());
  }

  @AfterAll
  static void tearDown() {
    redis.close();
  }

  static String token(String sub, String org) {
    return AuthorizerRig.orgToken(sub, org);
  }

  static IamPolicyResponseV1 call(String token) {
    return handler.handleRequest(AuthorizerRig.event(token), null);
  }

  @Test
  void membersOfAnOrganisationShareOnePooledAllowance() {
    String org = TestRedis.uniqueUser("acme");
    String alice = TestRedis.uniqueUser("alice");
    String bob = TestRedis.uniqueUser("bob");
    IamPolicyResponseV1 first = call(token(alice, org));
    assertThat(first.getContext()).containsEntry("userId", alice).containsEntry("accountId", "@" + org)
        .containsEntry("used", 1L);
    assertThat(call(token(bob, org)).getContext()).containsEntry("used", 2L).containsEntry("userId", bob);
    assertThat(AuthorizerRig.allows(call(token(alice, org)))).isTrue();
    IamPolicyResponseV1 denied = call(token(bob, org));
    assertThat(AuthorizerRig.allows(denied)).as("the pool of 3 is used up, whoever calls").isFalse();
    assertThat(denied.getContext()).containsEntry("code", "usage_limit_exceeded").containsEntry("accountId", "@" + org)
        .containsEntry("userId", bob);
    assertThat(redis.hget(Keys.account(AccountId.organisation(org)), "features:n")).isEqualTo("3");
    assertThat(AuthorizerRig.allows(call(token(bob, null)))).as("bob alone has an allowance of his own").isTrue();
  }

  @Test
  void anApiKeyIssuedForAnOrganisationDrawsOnItsAccount() {
    String org = TestRedis.uniqueUser("keyorg");
    GatingConfig keys = config.withIdentity(new GatingConfig.Identity(GatingConfig.IdentityType.API_KEY,
        "Authorization", config.identity().jwt(), java.time.Duration.ofSeconds(60), config.identity().accountClaim()));
    UsageAuthorizerHandler byKey = AuthorizerRig.handler(keys, redis, Clock.systemUTC());
    String key = new RedisApiKeyStore(redis).create(TestRedis.uniqueUser("svc"), null, org, Instant.now());
    IamPolicyResponseV1 p = byKey.handleRequest(AuthorizerRig.withHeader(
        AuthorizerRig.withHeader(AuthorizerRig.sample("allowed.json"), "Authorization", null), "x-api-key", key), null);
    assertThat(p.getContext()).containsEntry("accountId", "@" + org).containsEntry("used", 1L);
  }
}
