package dev.tollgate.authorizer;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.LogCapture;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.SecretScanner;
import dev.tollgate.usage.UsageGate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer through successes and every failure it logs — bad, expired and foreign
 * tokens, unknown API keys, a password-protected Redis that dies (fail open and closed, and
 * the API key lookup), a client with the wrong password — while {@link LogCapture} records
 * everything; no log line and no thrown exception holds the JWT secret, a full bearer token,
 * an API key or the Redis AUTH password.
 */
class AuthorizerSecretsIT {
  static final String REDIS_PASSWORD = "redis-auth-Pa55word-7f3a9c";

  @Test
  void noSecretReachesALogLineOrAnExceptionMessage() {
    List<RuntimeException> thrown = new ArrayList<>();
    String validToken = AuthorizerRig.token("secret-user");
    String apiKey;
    try (RedisProcess server = protectedRedis();
        UnifiedJedis redis = RedisConnector.connect(server.url(), REDIS_PASSWORD, Duration.ofMillis(200),
            Duration.ofMillis(250));
        LogCapture logs = LogCapture.start()) {
      apiKey = new RedisApiKeyStore(redis).create("key-user", "k@example.com", Instant.now());
      for (String mode : List.of("open", "closed")) {
        GatingConfig config = AuthorizerRig.config(2, mode, "200ms", "250ms");
        UsageAuthorizerHandler jwt = AuthorizerRig.handler(config, redis, Clock.systemUTC());
        UsageAuthorizerHandler keys = apiKeyHandler(config, redis);
        List<Supplier<Object>> calls = List.of(
            () -> jwt.handleRequest(AuthorizerRig.event(validToken), null),
            () -> jwt.handleRequest(AuthorizerRig.event(AuthorizerRig.token("x", Instant.now(), Instant.now().plusSeconds(60),
                "not-the-secret-but-long-enough-0123456789".getBytes(StandardCharsets.UTF_8))), null),
            () -> jwt.handleRequest(AuthorizerRig.event(AuthorizerRig.token("x", Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-01-02T00:00:00Z"))), null),
            () -> jwt.handleRequest(AuthorizerRig.event(AuthorizerRig.SECRET), null),
            () -> jwt.handleRequest(AuthorizerRig.event(validToken + "x"), null),
            () -> keys.handleRequest(withApiKey(apiKey), null),
            () -> keys.handleRequest(withApiKey(apiKey.substring(0, apiKey.length() - 2) + "zz"), null),
            () -> keys.handleRequest(withApiKey(AuthorizerRig.SECRET), null));
        for (int round = 0; round < 3; round++) {
          calls.forEach(c -> collect(thrown, c));
        }
        server.kill();
        calls.forEach(c -> collect(thrown, c));
        UsageAuthorizerHandler fresh = apiKeyHandler(config, redis);
        collect(thrown, () -> fresh.handleRequest(withApiKey(apiKey), null));
        server.restart();
        server.requirePassword(REDIS_PASSWORD);
      }
      collect(thrown, () -> {
        try (UnifiedJedis wrong = RedisConnector.connect(server.url(), REDIS_PASSWORD + "-wrong", Duration.ofMillis(200),
            Duration.ofMillis(250))) {
          return wrong.ping();
        }
      });
      collect(thrown, () -> {
        try (UnifiedJedis inUrl = RedisConnector.connect("redis://:" + REDIS_PASSWORD + "@127.0.0.1:1", null,
            Duration.ofMillis(200), Duration.ofMillis(250))) {
          return inUrl.ping();
        }
      });
      String[] secrets = {AuthorizerRig.SECRET, validToken, apiKey, REDIS_PASSWORD};
      SecretScanner.assertNoSecrets(logs.text(), secrets);
      for (RuntimeException e : thrown) {
        SecretScanner.assertNoSecrets(e, secrets);
      }
      System.out.printf("authorizer secrets: %d log chars and %d exceptions scanned, clean%n", logs.text().length(),
          thrown.size());
    }
  }

  private static UsageAuthorizerHandler apiKeyHandler(GatingConfig config, UnifiedJedis redis) {
    GatingConfig.Identity identity = new GatingConfig.Identity(GatingConfig.IdentityType.API_KEY, "Authorization",
        Optional.empty(), Duration.ofMillis(1), Optional.empty());
    RedisUsageStore store = new RedisUsageStore(redis, new ArrayList<>(config.plans().keySet()), "free",
        Duration.ofDays(30));
    return new UsageAuthorizerHandler(Authenticators.fromConfig(identity, Map.of(), new RedisApiKeyStore(redis)),
        new UsageGate(config, store, new RedisPendingIndex(redis)), Clock.systemUTC());
  }

  private static AuthorizerRequestEvent withApiKey(String key) {
    AuthorizerRequestEvent e = AuthorizerRig.withHeader(AuthorizerRig.sample("allowed.json"), "Authorization", null);
    return AuthorizerRig.withHeader(e, "x-api-key", key);
  }

  private static void collect(List<RuntimeException> thrown, Supplier<Object> call) {
    try {
      call.get();
    } catch (RuntimeException e) {
      thrown.add(e);
    }
  }

  /** A redis-server that requires {@link #REDIS_PASSWORD}. */
  static RedisProcess protectedRedis() {
    RedisProcess server = RedisProcess.start();
    server.requirePassword(REDIS_PASSWORD);
    return server;
  }
}
