package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.Gate;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.usage.UsageModel.PlanState;
import dev.tollgate.usage.UsageStore;
import dev.tollgate.usage.UsageStoreContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The usage contract on a real Redis, plus what only Redis has: keys, TTLs, NOSCRIPT. */
class RedisUsageStoreIT extends UsageStoreContract {
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
  protected void putPlan(String userId, PlanState s) {
    StoredPlans.put(redis, account(userId), s);
  }

  static AccountId account(String userId) {
    return AccountId.personal(UserId.of(userId));
  }

  @Override
  protected String newUser() {
    return TestRedis.uniqueUser("usage");
  }

  @Override
  protected int concurrentCalls() {
    return 2000;
  }

  @Test
  void anAccountIsOneHashThatExpiresWithItsLastWindow() throws Exception {
    String u = newUser();
    Gate g = days("features", 1);
    store.consume(u, List.of(g), T0);
    store.consume(u, List.of(g), T0);
    String hash = Keys.account(account(u));
    assertThat(hash).as("one hash tag per account").isEqualTo("{a:" + u + "}");
    assertThat(redis.hget(hash, "features:s")).isEqualTo(Long.toString(T0.toEpochMilli()));
    assertThat(redis.hget(hash, "features:n")).isEqualTo("1");
    long ttl = redis.pttl(hash);
    long expected = T0.plus(Duration.ofDays(30)).toEpochMilli() - System.currentTimeMillis();
    assertThat(ttl).as("expires at the window's end").isBetween(expected - 60_000, expected + 1000);
    assertThat(redis.hget(Keys.accountTimeline(account(u)), "h:features")).as("first limit hit in the timeline")
        .isEqualTo(Long.toString(T0.toEpochMilli()));
    assertThat(redis.pttl(Keys.accountTimeline(account(u)))).isPositive();
  }

  @Test
  void anAccountWithAPlanKeepsItsHash() throws Exception {
    String u = newUser();
    putPlan(u, new PlanState("paid", 0, 0, 0));
    store.consume(u, List.of(days("features", 1)), T0);
    assertThat(redis.pttl(Keys.account(account(u)))).as("plan state never expires").isEqualTo(-1);
  }

  @Test
  void recoversFromAFlushedScriptCache() throws Exception {
    String u = newUser();
    List<Gate> g = List.of(days("features", 5));
    redis.scriptFlush(Keys.account(account(u)));
    assertThat(store.consume(u, g, T0).allowed()).isTrue();
    assertThat(redis.scriptExists(store.script(g).script().sha(), Keys.account(account(u)))).isTrue();
  }

  @Test
  void idsThatCouldMoveAHashTagAreRefusedWhereTheyEnter() throws Exception {
    String victim = newUser();
    store.consume(victim, List.of(days("features", 1)), T0);
    String attacker = victim + "}:features";
    assertThat(UserId.isValid(attacker)).isFalse();
    assertThat(UserId.isValid("evil\nuser")).isFalse();
    assertThat(UserId.isValid("a".repeat(300))).isFalse();
    assertThat(UserId.isValid("user:42@example.com")).isTrue();
  }
}
