package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.MutableClock;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.email.Sequences;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.LimitReached;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/** The scheduled sample event runs the dispatcher on real Redis, writing to the outbox. */
class UpgradeEmailDispatchHandlerIT {
  @TempDir
  Path outbox;

  static String jobKey(String user, Instant at) {
    return new EmailJob(user, null, "features", "upgrade_prompt", 0, at.minus(Duration.ofDays(1)).toEpochMilli(), 0, 0,
        0, 0, 0, null, 0, null).idempotencyKey();
  }

  @Test
  void theScheduledSampleSendsWhatIsDueIntoTheOutboxAndAnswersTheSummary() throws Exception {
    ScheduledEvent event = EventLoader.loadScheduledEvent(
        Path.of("../../events/upgrade-dispatcher/scheduled.json").toAbsolutePath().toString());
    Instant at = event.getTime().toDate().toInstant();
    GatingConfig config = ConfigLoader.fromEnvironment(Map.of());
    try (UnifiedJedis redis = TestRedis.client()) {
      RedisEmailQueue queue = new RedisEmailQueue(redis, TestRedis.uniqueUser("hq"));
      String user = TestRedis.uniqueUser("handler");
      queue.schedule(Sequences.jobsFor(new LimitReached(user, "h@example.com", "features", "features", "free", 100,
          100, at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(29)), at),
          config.email().orElseThrow().templates().get("upgrade_prompt")), at);
      MutableClock clock = new MutableClock(at);
      OutboxEmailSender sender = new OutboxEmailSender(outbox);
      UpgradeEmailDispatcher dispatcher = new UpgradeEmailDispatcher(config, queue, queue.journal(),
          new RedisEmailProfiles(redis, Duration.ofDays(30)), new RedisFunnel(redis), sender,
          new UnsubscribeLinks(config.email().orElseThrow().unsubscribeBaseUrl(), "test-unsubscribe-secret"),
          clock, clock.sleeper());

      List<String> metrics = new ArrayList<>();
      Map<String, Object> summary = new UpgradeEmailDispatchHandler(dispatcher, clock, metrics::add)
          .handleRequest(event, null);

      assertThat(summary).containsEntry("claimed", 1).containsEntry("sent", 1).containsEntry("skipped", 0)
          .containsEntry("retried", 0).containsEntry("deadLettered", 0);
      try (var files = Files.list(outbox)) {
        assertThat(files.toList()).hasSize(1);
      }
      String json = Files.readString(sender.fileFor(jobKey(user, at)));
      assertThat(json).contains("\"to\": [\"h@example.com\"]", "List-Unsubscribe=One-Click");
      assertThat(metrics).as("one EMF line per run, to the injected sink").singleElement().asString()
          .contains("\"Function\":\"UpgradeDispatcherFunction\"", "\"EmailsSent\":1", "\"ProviderCalls\":1");
    }
  }
}
