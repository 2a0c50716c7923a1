package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.activity.Block;
import dev.tollgate.activity.Share;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Caller;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisLimitActivity;
import dev.tollgate.redis.RedisPendingWork;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.UsageGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The scheduled function's drain of follow-up work keeps the dashboard's bounded view of limit
 * activity: a first denial becomes one of the latest blocks and the whole limit reached, the
 * {@code warnAt} threshold the share it is; a drain repeated after the fact records nothing twice.
 */
class DrainRecordsLimitActivityIT {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Test
  void blocksAndThresholdsOfTheDrainedOutboxAreRecordedOnce() throws Exception {
    GatingConfig config = ConfigLoader.parse(Files.readString(Path.of("../../gating.yaml"))
        .replace("free: 100,", "free: 5,"), "gating.yaml (5)");
    try (UnifiedJedis redis = TestRedis.client()) {
      UsageGate gate = new UsageGate(config, RedisUsageStore.forConfig(redis, config), new RedisPendingIndex(redis));
      Caller blocked = new Caller(TestRedis.uniqueUser("blocked"), "b@example.com");
      Caller near = new Caller(TestRedis.uniqueUser("near"), "n@example.com");
      for (int i = 0; i < 5; i++) {
        assertThat(gate.decide(blocked, "POST", "/api/features/x", null, null, NOW).verdict())
            .isEqualTo(GateDecision.Verdict.ALLOWED);
      }
      assertThat(gate.decide(blocked, "POST", "/api/features/x", null, null, NOW.plusSeconds(1)).verdict())
          .isEqualTo(GateDecision.Verdict.DENIED);
      for (int i = 0; i < 4; i++) {
        gate.decide(near, "POST", "/api/features/x", null, null, NOW.plusSeconds(2));
      }
      List<String> handedOver = redis.lrange(Keys.accountOutbox(blocked.account()), 0, -1);
      assertThat(handedOver).as("the 80 % threshold and the first denial").hasSize(2);
      List<String> metrics = new ArrayList<>();
      DispatchWiring wiring = DispatchWiring.of(config, redis, Map.of("UNSUBSCRIBE_SECRET", "s".repeat(32)));
      wiring.followUps(metrics::add).drain(10_000);

      RedisLimitActivity activity = new RedisLimitActivity(redis);
      List<Block> blocks = activity.latestBlocks(100).stream()
          .filter(b -> b.account().equals(blocked.account().value())).toList();
      assertThat(blocks).singleElement().satisfies(b -> {
        assertThat(b.at()).isEqualTo(NOW.plusSeconds(1));
        assertThat(b.userId()).isEqualTo(blocked.userId());
        assertThat(b.loop()).isEqualTo("features");
        assertThat(b.reason()).isEqualTo("usage_limit_exceeded");
        assertThat(b.plan()).isEqualTo("free");
        assertThat(b.used()).isEqualTo(5);
        assertThat(b.limit()).isEqualTo(5);
      });
      List<Share> today = activity.shares(LocalDate.ofInstant(NOW, ZoneOffset.UTC), 100);
      assertThat(today).filteredOn(s -> s.account().equals(blocked.account().value())).singleElement()
          .satisfies(s -> assertThat(s.permille()).as("blocked: the whole limit").isEqualTo(1000));
      assertThat(today).filteredOn(s -> s.account().equals(near.account().value())).singleElement().satisfies(s -> {
        assertThat(s.permille()).as("warnAt 0.8").isEqualTo(800);
        assertThat(s.used()).isEqualTo(4);
        assertThat(s.windowEnd()).as("its window began with its first call").isEqualTo(NOW.plusSeconds(2).plus(Duration.ofDays(30)));
      });

      // the same events handed over again, as after a drain that failed before acknowledging them
      redis.rpush(Keys.accountOutbox(blocked.account()), handedOver.toArray(String[]::new));
      new RedisPendingWork(redis).index(blocked.account(), NOW.toEpochMilli());
      assertThat(wiring.followUps(metrics::add).drain(10_000).events()).isGreaterThanOrEqualTo(2);
      assertThat(activity.latestBlocks(100)).filteredOn(b -> b.account().equals(blocked.account().value()))
          .containsExactlyElementsOf(blocks);
      assertThat(activity.shares(LocalDate.ofInstant(NOW, ZoneOffset.UTC), 100))
          .filteredOn(s -> s.account().equals(blocked.account().value())).hasSize(1);
      assertThat(metrics).filteredOn(m -> m.contains("\"LimitReached\"")).as("EMF lines of both drains")
          .hasSizeGreaterThanOrEqualTo(2);
    }
  }
}
