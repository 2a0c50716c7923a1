package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.CheckoutSamples;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * With a {@code checkout} section the 402's {@code upgradeUrl} is the account's signed link,
 * made by the authorizer as deployed ({@link AuthorizerWiring}) with the link secret it reads
 * like its other settings; SnapStart priming builds the same parts without the real secret.
 */
class CheckoutLinkAuthorizerIT {
  static final String SECRET = "test-link-secret-0123456789abcdef";
  static final GatingConfig CONFIG = ConfigLoader.parse(UsageAuthorizerHandlerIT.readExample()
      .replace("free: 100,", "free: 1,")
      + CheckoutSamples.SECTION, "gating.yaml (limit 1) + checkout");

  @Test
  void aDenialLinksTheAccountsSignedUpgradeLinkCarryingTheCallersEmail() {
    Instant now = Instant.now();
    try (UnifiedJedis redis = TestRedis.client()) {
      redis.del(Keys.plan("user_over_limit"), Keys.plan("user_over_limit") + ":o", Keys.timeline("user_over_limit"));
      UsageAuthorizerHandler h = AuthorizerWiring.of(CONFIG, redis, Map.of("JWT_SECRET",
          UsageAuthorizerHandlerIT.SAMPLE_SECRET, UpgradeLinks.SECRET_ENV, SECRET), l -> { })
          .handler(Clock.fixed(now, ZoneOffset.UTC));
      h.handleRequest(UsageAuthorizerHandlerIT.event("over-limit.json"), null);
      IamPolicyResponseV1 denied = h.handleRequest(UsageAuthorizerHandlerIT.event("over-limit.json"), null);
      String link = String.valueOf(denied.getContext().get("upgradeUrl"));
      assertThat(link).startsWith("https://api.acme.dev/billing/upgrade?a=user_over_limit&e=grace%40example.com&x=");
      UpgradeLinks links = UpgradeLinks.of(CONFIG, SECRET).orElseThrow();
      assertThat(links.check(CheckoutSamples.query(link), Instant.now())).isEqualTo(new UpgradeLinks.Check(
          UpgradeLinks.Status.VALID, AccountId.parse("user_over_limit"), Optional.of("grace@example.com")));
      assertThat(links.check(CheckoutSamples.query(link), Instant.now().plus(Duration.ofDays(7)).plusSeconds(5)).status())
          .as("valid checkout.linkTtl (7d by default)").isEqualTo(UpgradeLinks.Status.EXPIRED);
    }
  }

  @Test
  void withoutTheLinkSecretTheAuthorizerRefusesToStartNamingIt() {
    try (UnifiedJedis redis = TestRedis.client()) {
      assertThatThrownBy(() -> AuthorizerWiring.of(CONFIG, redis, Map.of("JWT_SECRET",
          UsageAuthorizerHandlerIT.SAMPLE_SECRET), l -> { })).hasMessageContaining("UNSUBSCRIBE_SECRET");
    }
  }

  @Test
  void snapStartPrimingBuildsThePartsWithoutTheRealLinkSecret() {
    LiveWiring live = new LiveWiring(CONFIG, dev.tollgate.secrets.Secrets.of(Map.of()), l -> { });
    AuthorizerWiring parts = live.primingParts();
    try {
      assertThat(parts.gate()).isNotNull();
    } finally {
      parts.redis().close();
    }
  }
}
