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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * A config with no {@code email} section (gating without upgrade emails) still gets its
 * follow-up work done: the scheduled function starts, drains the first denial into the funnel
 * and puts its event in the outbox, and sends nothing.
 */
class WithoutEmailSectionIT {

  @TempDir
  Path outbox;

  @Test
  void aLimitHitIsCountedInTheFunnelWhenTheConfigSendsNoEmail() throws Exception {
    String loop = "ne-" + Long.toHexString(System.nanoTime());
    GatingConfig config = ConfigLoader.parse("""
        loops:
          - name: %s
            steps:
              - trigger: { type: api, endpoint: "/api/features/**", method: ANY }
                condition: { type: usage, limit: { free: 1 }, period: 30d }
                action: { type: block, message: "One call on the free plan." }
        plans:
          free: { default: true }
        identity: { type: jwt, header: Authorization, jwt: { secretEnv: JWT_SECRET } }
        """.formatted(loop), "no email");
    assertThat(config.email()).isEmpty();
    try (UnifiedJedis redis = TestRedis.client()) {
      LambdaFunction<AuthorizerRequestEvent, ?> authorizer = DeployedRig.authorizer(config, redis);
      String token = RefusedEmailClaimsIT.token(TestRedis.uniqueUser("noemail"), "ada@example.com", Instant.now());
      assertThat(DeployedRig.call(authorizer, token)).contains("\"Allow\"");
      assertThat(DeployedRig.call(authorizer, token)).contains("\"Deny\"");

      DispatchWiring wiring = DispatchWiring.of(config, redis, Map.of());
      assertThat(wiring.sendsEmail()).isFalse();
      String run = DeployedRig.scheduledRun(wiring, null, outbox);

      assertThat(run).contains("\"followUpFailed\":0").doesNotContain("\"sent\"");
      assertThat(new RedisFunnel(redis).day(Instant.now().atZone(ZoneOffset.UTC).toLocalDate()).counters())
          .containsEntry(loop + ":limitReached", 1L);
      try (var files = Files.list(outbox.resolve("events"))) {
        assertThat(files.map(f -> read(f)).filter(s -> s.contains("limit.reached") && s.contains(loop)))
            .as("the limit.reached event").hasSize(1);
      }
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }

}
