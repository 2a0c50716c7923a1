package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.secrets.ParametersSecretsExtension;
import dev.tollgate.secrets.Secrets;
import dev.tollgate.testing.FakeSecretsExtension;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The deployed authorizer's secrets and endpoint come from the stack's secret through the
 * Parameters and Secrets extension (here a local fake speaking its API), never from the
 * published version: nothing is read at init, a rotated JWT secret, Redis token and gateway
 * secret and a moved cache all take effect in a warm container after the TTL, and a secret
 * that cannot be read is a 503 before anything is counted.
 */
class AuthorizerRuntimeSecretsIT {
  static final String TOKEN = "session-token-for-the-extension";
  static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tollgate-authorizer-AbCdEf";
  static final String JWT_ONE = "jwt-secret-one-0123456789abcdef-0123456789";
  static final String JWT_TWO = "jwt-secret-two-0123456789abcdef-0123456789";
  static final long TTL_MS = 200;

  private static String bundle(String url, String auth, String jwt, String gateway) {
    return "{\"REDIS_URL\":\"" + url + "\",\"REDIS_AUTH\":\"" + auth + "\",\"JWT_SECRET\":\"" + jwt
        + "\",\"GATEWAY_SECRET\":\"" + gateway + "\"}";
  }

  private static Map<String, String> env(int port) {
    Map<String, String> env = new HashMap<>();
    env.put(Secrets.SECRET_ARN_ENV, ARN);
    env.put(Secrets.TTL_ENV, TTL_MS + "ms");
    env.put("AWS_SESSION_TOKEN", TOKEN);
    env.put(ParametersSecretsExtension.PORT_ENV, String.valueOf(port));
    return env;
  }

  private static IamPolicyResponseV1 call(UsageAuthorizerHandler h, String user, String jwtSecret) {
    return h.handleRequest(AuthorizerRig.event(AuthorizerRig.token(user, Instant.parse("2020-01-01T00:00:00Z"),
        AuthorizerRig.EXP, jwtSecret.getBytes(StandardCharsets.UTF_8))), null);
  }

  private static void afterTtl() throws InterruptedException {
    Thread.sleep(TTL_MS + 100);
  }

  @Test
  void nothingIsReadAtInitAndRotationsAndAMovedCacheReachAWarmContainer() throws Exception {
    String user = TestRedis.uniqueUser("rotating");
    try (RedisProcess redis = RedisProcess.start(); RedisProcess moved = RedisProcess.start();
        FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN)) {
      redis.requirePassword("redis-token-one-0123");
      ext.put(ARN, bundle(redis.url(), "redis-token-one-0123", JWT_ONE, "gateway-secret-one-0123456789abcdef"));
      LiveWiring live = AuthorizerWiring.fromEnvironment(env(ext.port()));
      UsageAuthorizerHandler h = new UsageAuthorizerHandler(live);
      new SnapStartPriming(live, h).beforeCheckpoint(null);
      assertThat(ext.requests()).as("the extension does not answer during init: nothing may ask it").isZero();

      IamPolicyResponseV1 first = call(h, user, JWT_ONE);
      assertThat(first.getContext()).containsEntry("used", 1L)
          .containsEntry("gatewaySecret", "gateway-secret-one-0123456789abcdef");

      try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
        admin.auth("redis-token-one-0123");
        admin.configSet("requirepass", "redis-token-two-0123");
      }
      ext.put(ARN, bundle(redis.url(), "redis-token-two-0123", JWT_TWO, "gateway-secret-two-0123456789abcdef"));
      afterTtl();
      RedisConnector.dropPooledConnections(live.current().redis());
      IamPolicyResponseV1 rotated = call(h, user, JWT_TWO);
      assertThat(rotated.getContext()).containsEntry("used", 2L)
          .containsEntry("gatewaySecret", "gateway-secret-two-0123456789abcdef");
      assertThatThrownBy(() -> call(h, user, JWT_ONE)).isInstanceOf(UsageAuthorizerHandler.UnauthorizedException.class);

      ext.put(ARN, bundle(moved.url(), "", JWT_TWO, "gateway-secret-two-0123456789abcdef"));
      afterTtl();
      assertThat(call(h, user, JWT_TWO).getContext()).as("counted on the new cache").containsEntry("used", 1L);
    }
  }

  @Test
  void anUnreadableSecretIsA503BeforeAnythingIsCounted() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    UsageAuthorizerHandler h = new UsageAuthorizerHandler(AuthorizerWiring.fromEnvironment(env(closed)));
    assertThatThrownBy(() -> call(h, "nobody", JWT_ONE)).isInstanceOf(UsageAuthorizerHandler.GateUnavailableException.class);

    try (RedisProcess redis = RedisProcess.start(); FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN)) {
      ext.put(ARN, "{\"REDIS_URL\":\"" + redis.url() + "\",\"JWT_SECRET\":\"" + JWT_ONE + "\"}");
      UsageAuthorizerHandler ok = new UsageAuthorizerHandler(AuthorizerWiring.fromEnvironment(env(ext.port())));
      String user = TestRedis.uniqueUser("unreadable");
      assertThat(call(ok, user, JWT_ONE).getContext()).containsEntry("used", 1L).containsEntry("gatewaySecret", "");
      ext.put(ARN, "{\"JWT_SECRET\":\"" + JWT_ONE + "\"}");
      try (Jedis j = redis.jedis()) {
        j.flushAll();
      }
      UsageAuthorizerHandler noUrl = new UsageAuthorizerHandler(AuthorizerWiring.fromEnvironment(env(ext.port())));
      assertThatThrownBy(() -> call(noUrl, user, JWT_ONE)).isInstanceOf(UsageAuthorizerHandler.GateUnavailableException.class);
      try (Jedis j = redis.jedis()) {
        assertThat(j.dbSize()).as("nothing counted").isZero();
      }
    }
  }
}
