package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.events.EventDetails;
import dev.tollgate.events.QueuedEvent;
import dev.tollgate.events.TollgateEvent;
import dev.tollgate.experiment.ExperimentLog;
import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.UnifiedJedis;

/**
 * The events outbox and the experiment log on a real three-master Redis Cluster: every script
 * keeps its keys in one slot ({tg} for the outbox and the counters, the account's for its
 * timeline), or the cluster would refuse it (CROSSSLOT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsAndExperimentsClusterIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private UnifiedJedis redis;

  @BeforeAll
  void connect() {
    redis = RedisCluster.shared().client();
  }

  @AfterAll
  void close() {
    redis.close();
  }

  @Test
  void theOutboxAddsClaimsSettlesAndAnnouncesPlansInOneSlot() {
    RedisEventOutbox outbox = new RedisEventOutbox(redis, TestRedis.uniqueUser("cl"));
    TollgateEvent e = new TollgateEvent("limit.reached|a", TollgateEvent.LIMIT_REACHED, T0, "{\"id\":\"a\"}");
    assertThat(outbox.add(e, T0)).isTrue();
    assertThat(outbox.addPlanChange("acct", "paid", "free", EventDetails.planChanged("acct", "paid", true,
        null, "evt_1", T0), T0)).isTrue();
    List<QueuedEvent> claimed = outbox.claim(T0, 10, Duration.ofMinutes(1));
    assertThat(claimed).hasSize(2);
    outbox.retry(claimed.get(0).failed("x"), T0.plusSeconds(30));
    outbox.deadLetter(claimed.get(1).failed("y"), T0);
    assertThat(outbox.deadLetters(10)).hasSize(1);
    assertThat(outbox.claim(T0.plusSeconds(31), 10, Duration.ofMinutes(1))).hasSize(1);
    outbox.sent(List.of(claimed.get(0).event().id()), T0.plusSeconds(31));
    assertThat(outbox.waiting()).isZero();
    assertThat(outbox.add(e, T0.plusSeconds(40))).isFalse();
  }

  @Test
  void exposuresAndConversionsAreCountedOnceAndCopiedIntoTheTimeline() {
    RedisExperimentLog log = new RedisExperimentLog(redis, Duration.ofDays(30));
    String experiment = TestRedis.uniqueUser("x").toLowerCase();
    AccountId account = AccountId.parse(TestRedis.uniqueUser("acct"));
    ExperimentLog.Exposure first = log.exposed(experiment, "urgency", account, T0);
    ExperimentLog.Exposure again = log.exposed(experiment, "control", account, T0.plusSeconds(5));
    assertThat(first.recordedNow()).isTrue();
    assertThat(again).isEqualTo(new ExperimentLog.Exposure("urgency", T0, false));
    assertThat(log.exposuresOf(account)).containsEntry(experiment, new ExperimentLog.Exposure("urgency", T0, false));
    assertThat(log.converted(experiment, "urgency", account)).isTrue();
    assertThat(log.converted(experiment, "urgency", account)).isFalse();
    assertThat(log.counts(experiment)).containsOnlyKeys("urgency")
        .containsEntry("urgency", new ExperimentLog.ArmCounts(1, 1));
    assertThat(redis.pttl(Keys.accountTimeline(account))).isPositive();
  }
}
