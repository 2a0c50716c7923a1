package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.secrets.Secrets;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A client is built without touching Redis (a function's constructor, and a SnapStart
 * publish, must not fail because the cache is unreachable) and connects on first use; its AUTH
 * password is read each time it opens a connection, so a rotated token takes effect.
 */
class RedisConnectorStartupIT {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @Test
  void aSingleRedisDownAtConstructionIsConnectedOnFirstUseOnceItIsBack() {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      try (UnifiedJedis client = RedisConnector.connect(redis.url(), null, TIMEOUT, TIMEOUT)) {
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisException.class);
        redis.restart();
        client.set("k", "v");
        assertThat(client.get("k")).isEqualTo("v");
      }
    }
  }

  @Test
  void aClusterWithNoNodeAnsweringAtConstructionDiscoversItsSlotsOnFirstUse() {
    try (RedisCluster cluster = RedisCluster.start(3, 0)) {
      String url = cluster.url();
      cluster.kill();
      try (UnifiedJedis client = RedisConnector.connect(url, null, TIMEOUT, TIMEOUT)) {
        String key = "{u:" + TestRedis.uniqueUser("late") + "}:p";
        assertThatThrownBy(() -> client.get(key)).isInstanceOf(JedisException.class);
        cluster.nodes().forEach(RedisProcess::restart);
        cluster.awaitOk();
        client.set(key, "v");
        assertThat(client.get(key)).isEqualTo("v");
      }
    }
  }

  @Test
  void theAuthTokenIsReadForEachNewConnectionSoARotationTakesEffect() {
    AtomicReference<String> token = new AtomicReference<>("token-one-0123456789");
    AtomicInteger reads = new AtomicInteger();
    try (RedisProcess redis = RedisProcess.start()) {
      redis.requirePassword(token.get());
      try (UnifiedJedis client = RedisConnector.connectWithRotatingAuth(redis.url(), () -> {
        reads.incrementAndGet();
        return token.get();
      }, TIMEOUT, TIMEOUT)) {
        client.set("k", "v1");
        assertThat(reads.get()).isPositive();
        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
          admin.auth("token-one-0123456789");
          admin.configSet("requirepass", "token-two-0123456789");
        }
        RedisConnector.dropPooledConnections(client);
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisException.class);
        token.set("token-two-0123456789");
        assertThat(client.get("k")).isEqualTo("v1");
      }
    }
  }

  @Test
  void withoutAnyPasswordNoAuthIsSentAndTheUrlsPasswordIsTheFallback() {
    try (RedisProcess redis = RedisProcess.start();
        UnifiedJedis open = RedisConnector.connectWithRotatingAuth(redis.url(), () -> null, TIMEOUT, TIMEOUT)) {
      open.set("k", "v");
      redis.requirePassword("url-password-0123");
      String inUrl = "redis://:url-password-0123@127.0.0.1:" + redis.port();
      try (UnifiedJedis viaUrl = RedisConnector.connectWithRotatingAuth(inUrl, () -> "", TIMEOUT, TIMEOUT)) {
        assertThat(viaUrl.get("k")).isEqualTo("v");
      }
    }
  }

  @Test
  void fromSecretsReadsTheUrlOnceAndTheAuthPerConnection() {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.requirePassword("secret-token-0123");
      Secrets secrets = Secrets.of(Map.of(RedisConnector.URL_ENV, redis.url(), RedisConnector.AUTH_ENV, "secret-token-0123"));
      try (UnifiedJedis client = RedisConnector.fromSecrets(secrets, new dev.tollgate.config.GatingConfig.Redis(TIMEOUT,
          TIMEOUT))) {
        client.set("k", "v");
        assertThat(client.get("k")).isEqualTo("v");
      }
      assertThatThrownBy(() -> RedisConnector.fromSecrets(Secrets.of(Map.of()), new dev.tollgate.config.GatingConfig.Redis(
          TIMEOUT, TIMEOUT))).isInstanceOf(IllegalStateException.class).hasMessageContaining(RedisConnector.URL_ENV);
    }
  }
}
