package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailJob;
import dev.tollgate.followup.CrossingFollowUps;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.identity.Caller;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisPendingWork;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.RedisProcess;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * A first limit hit whose follow-up cannot be recorded right away (the global {@code {tg}}
 * keys unreachable: here an ACL user that may touch only account keys, as a cluster shard
 * holding {tg} being down would be) is completed later, never forgotten: the decision stands,
 * the hit waits in the account's own slot, and either the account's next call or the
 * scheduled function's sweep indexes it; the drain then schedules its emails and counts the
 * funnel exactly once. On the code before, the denial flag was set and the hit was lost.
 */
class FirstLimitHitIsNeverLostIT {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
  RedisProcess server;
  UnifiedJedis admin;
  UnifiedJedis accountsOnly;
  GatingConfig config;

  @BeforeEach
  void start() throws Exception {
    server = RedisProcess.start();
    admin = server.client(Duration.ofSeconds(5));
    try (Jedis j = server.jedis()) {
      j.aclSetUser("gate", "on", ">gate-secret-0123456789", "~{a:*", "+@all");
    }
    config = ConfigLoader.parse(Files.readString(Path.of("..", "gating.yaml"))
        .replace("free: 100,", "free: 2,"), "gating.yaml (2)");
    accountsOnly = RedisConnector.connect(server.url().replace("redis://", "redis://gate:gate-secret-0123456789@"),
        null, config.redis());
  }

  @AfterEach
  void stop() {
    accountsOnly.close();
    admin.close();
    server.close();
  }

  private UsageGate gate(UnifiedJedis redis) {
    return new UsageGate(config, RedisUsageStore.forConfig(redis, config), new RedisPendingIndex(redis));
  }

  private PendingDrainer drainer() {
    return new PendingDrainer(new RedisPendingWork(admin),
        new CrossingFollowUps(new RedisEmailQueue(admin), new RedisFunnel(admin), config), List.of(), config);
  }

  private long funnel() {
    String v = admin.hget(Keys.funnelDay(LocalDate.ofInstant(NOW, ZoneOffset.UTC).toString()), "features:limitReached");
    return v == null ? 0 : Long.parseLong(v);
  }

  private Caller hitTheLimit(UsageGate gate) {
    Caller caller = new Caller(TestRedis.uniqueUser("lost"), "lost@example.com");
    for (int i = 0; i < 2; i++) {
      assertThat(gate.decide(caller, "POST", "/api/features/a", null, null, NOW).verdict())
          .isEqualTo(GateDecision.Verdict.ALLOWED);
    }
    GateDecision denied = gate.decide(caller, "POST", "/api/features/a", null, null, NOW);
    assertThat(denied.verdict()).as("the decision stands without {tg}").isEqualTo(GateDecision.Verdict.DENIED);
    assertThat(denied.tightest().firstDenial()).isTrue();
    assertThat(admin.zscore(Keys.pendingAccounts(), caller.account().value())).as("the index write failed").isNull();
    assertThat(admin.lrange(Keys.accountOutbox(caller.account()), 0, -1)).as("the hit (after the 80 % warning) waits"
        + " in the account's slot").hasSize(2).last().asString().startsWith("L\tfeatures\t");
    return caller;
  }

  private void assertFollowedUpOnce(Caller caller, long before) {
    long ws = NOW.toEpochMilli();
    String first = EmailJob.id(caller.userId(), "features", "upgrade_prompt", ws, 0);
    assertThat(admin.hexists(Keys.emailItems(), first)).as("the upgrade email is scheduled").isTrue();
    assertThat(admin.hexists(Keys.emailItems(), EmailJob.id(caller.userId(), "features", "usage_warning", ws, 0)))
        .as("and the warning").isTrue();
    assertThat(funnel()).as("counted once").isEqualTo(before + 1);
    assertThat(admin.llen(Keys.accountOutbox(caller.account()))).isZero();
    assertThat(admin.hget(Keys.account(caller.account()), "px")).as("the pending marker is cleared").isNull();
    assertThat(admin.zscore(Keys.pendingAccounts(), caller.account().value())).isNull();
    drainer().drain(100);
    assertThat(funnel()).as("a second drain counts nothing").isEqualTo(before + 1);
  }

  @Test
  void theSweepFindsAHitWhoseIndexWriteFailed() {
    long before = funnel();
    Caller caller = hitTheLimit(gate(accountsOnly));
    assertThat(drainer().drain(100).events()).as("not indexed: invisible to the drain").isZero();
    assertThat(drainer().sweepIfDue(Duration.ofHours(1))).isEqualTo(1);
    assertThat(drainer().sweepIfDue(Duration.ofHours(1))).as("one sweep per interval").isZero();
    assertThat(drainer().drain(100).events()).isEqualTo(2);
    assertFollowedUpOnce(caller, before);
  }

  @Test
  void theAccountsNextCallIndexesItOnceTheGlobalKeysAreBack() {
    long before = funnel();
    Caller caller = hitTheLimit(gate(accountsOnly));
    GateDecision again = gate(admin).decide(caller, "POST", "/api/features/a", null, null, NOW.plusSeconds(1));
    assertThat(again.verdict()).isEqualTo(GateDecision.Verdict.DENIED);
    assertThat(again.tightest().firstDenial()).as("not a new first hit").isFalse();
    assertThat(admin.zscore(Keys.pendingAccounts(), caller.account().value())).isNotNull();
    assertThat(drainer().drain(100).events()).isEqualTo(2);
    assertFollowedUpOnce(caller, before);
  }
}
