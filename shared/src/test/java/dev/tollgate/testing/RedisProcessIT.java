package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The standalone fault fixture: pause, resume, kill and restart a real redis-server. */
class RedisProcessIT {
  private static RedisProcess redis;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
    assertThat(redis.alive()).isFalse();
    assertThat(redis.dir()).doesNotExist();
  }

  @Test
  void pausedServerTimesOutWithinTheSocketTimeoutAndResumeRecovers() {
    try (UnifiedJedis client = redis.client(Duration.ofMillis(300))) {
      client.set("k", "v");
      redis.pause();
      long t0 = System.nanoTime();
      try {
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisConnectionException.class);
      } finally {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        redis.resume();
        assertThat(ms).as("ms until the paused server's command failed").isBetween(250L, 1000L);
      }
      assertThat(client.get("k")).isEqualTo("v");
    }
  }

  @Test
  void killedServerFailsFastAndTheSameClientWorksAfterRestart() {
    try (UnifiedJedis client = redis.client(Duration.ofMillis(300))) {
      client.set("before", "1");
      long oldPid = redis.pid();
      redis.kill();
      assertThat(redis.alive()).isFalse();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> client.get("before")).isInstanceOf(JedisConnectionException.class);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to fail against a dead server").isLessThan(1000L);
      redis.restart();
      assertThat(redis.pid()).isNotEqualTo(oldPid);
      assertThat(client.get("before")).as("no persistence: a restart starts empty").isNull();
      client.set("after", "2");
      assertThat(client.get("after")).isEqualTo("2");
    }
  }
}
