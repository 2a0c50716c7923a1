package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.redis.RedisConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The proxy injects what it claims: latency, a black hole, refused and dropped connections. */
class LatencyProxyIT {
  private static RedisProcess redis;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static UnifiedJedis client(LatencyProxy proxy, long timeoutMs) {
    return RedisConnector.connect(proxy.url(), null, Duration.ofMillis(timeoutMs), Duration.ofMillis(timeoutMs));
  }

  @Test
  void addsAtLeastTheInjectedLatencyPerRoundTrip() {
    try (LatencyProxy proxy = LatencyProxy.to(redis.port()); UnifiedJedis client = client(proxy, 2000)) {
      client.set("lat", "1");
      proxy.latency(Duration.ofMillis(120), Duration.ofMillis(60));
      long t0 = System.nanoTime();
      assertThat(client.get("lat")).isEqualTo("1");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("round trip through 120 + 60 ms of latency").isBetween(180L, 1500L);
      proxy.heal();
      t0 = System.nanoTime();
      client.get("lat");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("healed round trip").isLessThan(150L);
    }
  }

  @Test
  void blackholeMakesCommandsTimeOutAndHealRecovers() {
    try (LatencyProxy proxy = LatencyProxy.to(redis.port()); UnifiedJedis client = client(proxy, 300)) {
      client.set("bh", "1");
      proxy.blackhole();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> client.get("bh")).isInstanceOf(JedisConnectionException.class);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until the timeout").isBetween(250L, 1000L);
      proxy.heal();
      assertThat(client.get("bh")).isEqualTo("1");
    }
  }

  @Test
  void refusedAndDroppedConnectionsFailThenRecover() {
    try (LatencyProxy proxy = LatencyProxy.to(redis.port()); UnifiedJedis client = client(proxy, 500)) {
      client.set("dr", "1");
      assertThat(proxy.openConnections()).isEqualTo(1);
      proxy.drop();
      assertThatThrownBy(() -> client.get("dr")).as("the pooled connection was reset")
          .isInstanceOf(JedisConnectionException.class);
      assertThat(client.get("dr")).as("a new connection works").isEqualTo("1");
      proxy.refuse();
      try (UnifiedJedis fresh = client(proxy, 500)) {
        assertThatThrownBy(fresh::ping).isInstanceOf(JedisConnectionException.class);
        proxy.heal();
        assertThat(fresh.ping()).isEqualTo("PONG");
      }
    }
  }
}
