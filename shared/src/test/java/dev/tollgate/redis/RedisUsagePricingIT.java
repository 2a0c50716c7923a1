package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.TestGates;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageOutcome;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.UsageModel.PlanState;
import dev.tollgate.usage.UsagePricingContract;
import dev.tollgate.usage.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The pricing contract on a real Redis, with plans, entitlements and credits written as their writers do. */
class RedisUsagePricingIT extends UsagePricingContract {
  static UnifiedJedis redis;
  static RedisUsageStore store;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
    store = new RedisUsageStore(redis, PLANS, "free", Duration.ofDays(30));
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected UsageStore store() {
    return store;
  }

  @Override
  protected void putPlan(AccountId account, PlanState s) {
    StoredPlans.put(redis, account, s);
  }

  @Override
  protected void putEntitlements(AccountId account, List<String> features) {
    redis.hset(Keys.account(account), "ent", "," + String.join(",", features) + ",");
  }

  @Override
  protected void grant(AccountId account, String id, long amount, Instant expires) {
    new RedisCreditStore(redis).grant(account, id, amount, expires, T0);
  }

  @Override
  protected List<String> outbox(AccountId account) {
    return redis.lrange(Keys.accountOutbox(account), 0, -1);
  }

  @Test
  void anAccountWhoseOnlyPendingWorkIsOverageIsFoundByTheSweep() throws Exception {
    AccountId a = AccountId.personal(UserId.of(unique("sweep")));
    putPlan(a, new PlanState("pro", 0, 0, 0));
    List<Gate> g = List.of(gate("calls", 1, 1, 1, new long[] {-1, -1}, false, new long[] {Gate.NO_OVERAGE, -1}));
    store.consume(new UsageCall(a, UserId.of("m"), g, T0, null, ""));
    UsageOutcome over = store.consume(new UsageCall(a, UserId.of("m"), g, T0.plusSeconds(1), null, ""));
    assertThat(over.gates().get(0).overage()).isEqualTo(1);
    assertThat(new RedisPendingWork(redis).scan()).extracting(p -> p.account())
        .as("the index write may have failed: the sweep still finds the account").contains(a);
  }

  @Test
  void aLoopNamedMAndAMeterNamedSKeepTheirOwnFields() throws Exception {
    AccountId a = AccountId.personal(UserId.of(unique("mfield")));
    putPlan(a, new PlanState("pro", 0, 0, 0));
    Gate m = TestGates.usage("m", D30, new long[] {1, 1}, 0).with(1, new long[] {-1, -1}, false,
        new long[] {Gate.NO_OVERAGE, -1}, new String[] {null, "s"}, new int[0]);
    List<Gate> g = List.of(m);
    for (int i = 0; i < 4; i++) {
      store.consume(new UsageCall(a, UserId.of("u"), g, T0.plusSeconds(i), null, ""));
    }
    UsageOutcome fifth = store.consume(new UsageCall(a, UserId.of("u"), g, T0.plusSeconds(4), null, ""));
    assertThat(fifth.gates().get(0).used()).as("the window did not restart under the meter's count").isEqualTo(1);
    assertThat(fifth.gates().get(0).overage()).isEqualTo(4);
    assertThat(redis.hget(Keys.account(a), "m:s")).as("gate m's window start").isEqualTo(String.valueOf(T0.toEpochMilli()));
    assertThat(redis.hget(Keys.account(a), "M:s")).as("meter s's cumulative units").isEqualTo("4");
    assertThat(new RedisMeterLedger(redis).read(a).meters()).extracting(mt -> mt.name() + "=" + mt.total())
        .containsExactly("s=4");
  }

  @Override
  protected String unique(String prefix) {
    return TestRedis.uniqueUser(prefix);
  }
}
