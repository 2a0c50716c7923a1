package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.dispatch.DispatchWiring;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * A feature denial is a limit hit for the funnel: the first one per account and window is
 * counted once as the loop's limitReached, and its upgrade prompt goes out and is counted, however
 * often the caller retries.
 */
class FeatureDenialFunnelIT {

  @TempDir
  Path outbox;

  @Test
  void theFirstFeatureDenialIsCountedAndPromptedOnce() throws Exception {
    String loop = "fx-" + Long.toHexString(System.nanoTime());
    GatingConfig config = ConfigLoader.parse("""
        loops:
          - name: %s
            steps:
              - trigger: { type: api, endpoint: "/api/features/**", method: ANY }
                condition: { type: feature, feature: export }
                action:
                  type: block
                  message: "Export is a paid feature."
                  upgradePrompt: { type: email, provider: resend, template: upsell }
        plans:
          free: { default: true }
          paid: { stripePrices: [price_1PaidMonthly], features: [export] }
        identity: { type: jwt, header: Authorization, jwt: { secretEnv: JWT_SECRET } }
        email:
          from: "Acme <billing@acme.dev>"
          upgradeUrl: "https://buy.stripe.com/x?client_reference_id={{accountId}}"
          unsubscribeBaseUrl: "https://api.acme.dev/email/unsubscribe"
          templates:
            upsell:
              sequence:
                - { after: 0m, subject: "Export is on paid", text: "Upgrade: {{upgradeUrl}} {{unsubscribeUrl}}" }
        """.formatted(loop), "feature funnel");
    try (UnifiedJedis redis = TestRedis.client()) {
      LambdaFunction<AuthorizerRequestEvent, ?> authorizer = DeployedRig.authorizer(config, redis);
      String token = RefusedEmailClaimsIT.token(TestRedis.uniqueUser("fx"), "ada@example.com", Instant.now());
      for (int i = 0; i < 3; i++) {
        assertThat(DeployedRig.call(authorizer, token)).contains("\"Deny\"", "feature_unavailable");
      }
      DispatchWiring wiring = DispatchWiring.of(config, redis,
          Map.of(DevDefaults.UNSUBSCRIBE_SECRET_ENV, DevDefaults.UNSUBSCRIBE_SECRET));
      for (int i = 0; i < 2; i++) {
        DeployedRig.scheduledRun(wiring, DispatchWiring.sender(Map.of(), outbox), outbox);
      }
      assertThat(new RedisFunnel(redis).day(Instant.now().atZone(ZoneOffset.UTC).toLocalDate()).counters())
          .containsEntry(loop + ":limitReached", 1L).containsEntry(loop + ":promptsSent", 1L);
      try (Stream<Path> files = Files.list(outbox)) {
        assertThat(files.filter(f -> f.toString().endsWith(".json"))).as("one upgrade email").hasSize(1);
      }
    }
  }

}
