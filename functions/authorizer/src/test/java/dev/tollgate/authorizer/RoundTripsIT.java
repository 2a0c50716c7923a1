package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.RedisMonitor;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.UsageGate;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * Issue 7's round-trip target: in steady state every decision is exactly one command on the
 * wire, an {@code EVALSHA}, whether allowed or denied and whether the caller is identified by
 * JWT or by a (container-cached) API key. Counted with {@code MONITOR} on a redis-server of
 * this test's own, which tells client commands from those the script runs.
 */
class RoundTripsIT {
  static final int DECISIONS = 200;
  static RedisServer server;
  static String url;
  static UnifiedJedis redis;

  @BeforeAll
  static void startOwnServer() throws IOException {
    int port = TestRedis.freePort();
    server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    server.start();
    url = "redis://127.0.0.1:" + port;
    redis = RedisConnector.connect(url, null, Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws IOException {
    redis.close();
    server.stop();
  }

  @ParameterizedTest(name = "{0} identity, {1}")
  @CsvSource({"jwt, allowed", "jwt, denied", "apiKey, allowed", "apiKey, denied"})
  void oneEvalshaPerDecisionInSteadyState(String identity, String outcome) throws IOException {
    boolean denied = outcome.equals("denied");
    UsageAuthorizerHandler handler = handler(identity, denied ? 3 : 1_000_000);
    AuthorizerRequestEvent event = UsageAuthorizerHandlerIT.event(denied ? "over-limit.json" : "allowed.json");
    if (identity.equals("apiKey")) {
      String key = new RedisApiKeyStore(redis).create(TestRedis.uniqueUser("rt"), "k@example.com", Instant.now());
      AuthorizerRig.withHeader(AuthorizerRig.withHeader(event, "Authorization", null), "x-api-key", key);
    }
    // warm up: script cached by the server, identity cached in the container, first denial recorded
    for (int i = 0; i < 5; i++) {
      handler.handleRequest(event, null);
    }
    try (RedisMonitor monitor = RedisMonitor.start(url)) {
      for (int i = 0; i < DECISIONS; i++) {
        IamPolicyResponseV1 p = handler.handleRequest(event, null);
        assertThat(p.getContext().containsKey("code")).as("denied").isEqualTo(denied);
      }
      List<String> commands = monitor.clientCommands();
      assertThat(commands).hasSize(DECISIONS);
      assertThat(Collections.frequency(commands, "evalsha")).isEqualTo(DECISIONS);
    }
  }

  private static UsageAuthorizerHandler handler(String identity, long freeLimit) {
    String yaml = UsageAuthorizerHandlerIT.readExample()
        .replace("free: 100,", "free: " + freeLimit + ",");
    if (identity.equals("apiKey")) {
      yaml = yaml.replaceAll("(?s)identity:.*?emailClaim: email\n", "identity:\n  type: apiKey\n  header: Authorization\n");
    }
    GatingConfig config = ConfigLoader.parse(yaml, "gating.yaml (" + identity + ", limit " + freeLimit + ")");
    assertThat(config.identity().type().name()).isEqualTo(identity.equals("jwt") ? "JWT" : "API_KEY");
    RedisUsageStore store = RedisUsageStore.forConfig(redis, config);
    return new UsageAuthorizerHandler(
        Authenticators.fromConfig(config.identity(), Map.of("JWT_SECRET", UsageAuthorizerHandlerIT.SAMPLE_SECRET),
            new RedisApiKeyStore(redis)),
        new UsageGate(config, store, new RedisPendingIndex(redis)), Clock.systemUTC());
  }
}
