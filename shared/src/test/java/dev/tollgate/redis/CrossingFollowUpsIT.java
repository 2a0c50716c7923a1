package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailJob;
import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.LimitReached;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * Limit crossings on a dedicated redis-server (so MONITOR sees only this test): the follow-up
 * the scheduled function runs per crossing ({@link CrossingFollowUps} over the email queue and
 * the funnel) schedules the right steps and counts the funnel once, however often it is
 * repeated.
 */
class CrossingFollowUpsIT {
  static final Instant AT = Instant.parse("2025-06-01T12:00:00Z");
  static RedisServer server;
  static int port;
  static UnifiedJedis redis;
  static GatingConfig config;

  @BeforeAll
  static void start() throws Exception {
    port = TestRedis.freePort();
    server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    server.start();
    redis = dev.tollgate.redis.RedisConnector.connect("redis://127.0.0.1:" + port, null, Duration.ofSeconds(2),
        Duration.ofSeconds(2));
    config = ConfigLoader.fromEnvironment(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    server.stop();
  }

  static CrossingFollowUps events(GatingConfig config) {
    return new CrossingFollowUps(new RedisEmailQueue(redis), new RedisFunnel(redis), config);
  }

  static LimitReached hit(String user, String email, String gate) {
    return new LimitReached(user, email, "features", gate, "free", 100, 100, AT.minus(Duration.ofDays(2)),
        AT.plus(Duration.ofDays(28)), AT);
  }

  /** Client commands (not the script's own, which MONITOR marks "lua") seen while {@code action} runs. */
  static List<String> clientCommands(Runnable action) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out.write("MONITOR\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).isEqualTo("+OK");
      action.run();
      redis.echo("monitor-end");
      String line;
      while ((line = in.readLine()) != null && !line.contains("monitor-end")) {
        if (!line.contains(" lua]")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  @Test
  void aCrossingSchedulesTheSequenceAndCountsTheFunnelInTwoCommands() throws Exception {
    CrossingFollowUps events = events(config);
    events.limitReached(hit(TestRedis.uniqueUser("warm"), "w@example.com", "features"));
    String user = TestRedis.uniqueUser("cross");
    String funnel = Keys.funnelDay("2025-06-01");
    long before = Long.parseLong(redis.hget(funnel, "features:limitReached"));

    List<String> commands = clientCommands(() -> events.limitReached(hit(user, "c@example.com", "features")));

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).contains("\"EVALSHA\"").contains("\"{tg}:q:due\"");
    assertThat(commands.get(1)).contains("\"EVALSHA\"").contains("\"{tg}:f:2025-06-01:seen\"");
    assertThat(Long.parseLong(redis.hget(funnel, "features:limitReached"))).isEqualTo(before + 1);
    assertThat(redis.ttl(funnel)).isGreaterThan(399L * 24 * 3600);
    long ws = AT.minus(Duration.ofDays(2)).toEpochMilli();
    for (int step = 0; step < 3; step++) {
      String id = EmailJob.id(user, "features", "upgrade_prompt", ws, step);
      EmailJob job = EmailJob.decode(redis.hget(Keys.emailItems(), id));
      long after = List.of(0L, 3L, 7L).get(step);
      assertThat(job.dueAt()).isEqualTo(AT.plus(Duration.ofDays(after)).toEpochMilli());
      assertThat(redis.zscore(Keys.emailDue(), id)).isEqualTo((double) job.dueAt());
      assertThat(job.email()).isEqualTo("c@example.com");
      assertThat(job.used()).isEqualTo(100);
      assertThat(job.resetAt()).isEqualTo(AT.plus(Duration.ofDays(28)).toEpochMilli());
    }
    assertThat(redis.hexists(Keys.emailItems(), EmailJob.id(user, "features", "upgrade_prompt", ws, 3))).isFalse();
  }

  @Test
  void theSameCrossingTwiceSchedulesNothingNewAndAWarningSchedulesItsOwnTemplate() throws Exception {
    CrossingFollowUps events = events(config);
    String user = TestRedis.uniqueUser("twice");
    String funnel = Keys.funnelDay("2025-06-01");
    events.limitReached(hit(user, null, "features"));
    long due = redis.zcard(Keys.emailDue());
    String counted = redis.hget(funnel, "features:limitReached");
    events.limitReached(hit(user, null, "features"));
    assertThat(redis.zcard(Keys.emailDue())).isEqualTo(due);
    assertThat(redis.hget(funnel, "features:limitReached")).as("a repeated follow-up counts nothing")
        .isEqualTo(counted);

    List<String> commands = clientCommands(() -> events.warningReached(hit(user, null, "features")));
    assertThat(commands).hasSize(1);
    long ws = AT.minus(Duration.ofDays(2)).toEpochMilli();
    assertThat(redis.hexists(Keys.emailItems(), EmailJob.id(user, "features", "usage_warning", ws, 0))).isTrue();
    assertThat(clientCommands(() -> events(null).warningReached(hit(user, null, "features"))))
        .isEmpty();
  }

  @Test
  void aNoScriptServerIsAnsweredByLoadingTheScript() {
    redis.scriptFlush();
    String user = TestRedis.uniqueUser("flushed");
    events(config).limitReached(hit(user, null, "features"));
    long ws = AT.minus(Duration.ofDays(2)).toEpochMilli();
    assertThat(redis.hexists(Keys.emailItems(), EmailJob.id(user, "features", "upgrade_prompt", ws, 0))).isTrue();
  }
}
