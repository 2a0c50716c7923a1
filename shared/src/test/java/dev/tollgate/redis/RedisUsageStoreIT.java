package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageRules.PlanState;
import dev.tollgate.usage.UsageStore;
import dev.tollgate.usage.UsageStoreContract;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, String> h = new HashMap<>();
    h.put("plan", s.plan());
    if (s.until() > 0) {
      h.put("until", Long.toString(s.until()));
    }
    if (s.periodEnd() > 0) {
      h.put("ps", Long.toString(s.periodStart()));
      h.put("pe", Long.toString(s.periodEnd()));
    }
    redis.hset(Keys.plan(userId), h);
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
  void keysAreHashTaggedPerUserAndExpireWithTheWindow() throws Exception {
    String u = newUser();
    Gate g = days("features", 1);
    store.consume(u, List.of(g), T0);
    store.consume(u, List.of(g), T0);
    String window = Keys.window(u, "features");
    assertThat(redis.exists(window)).isTrue();
    assertThat(redis.hget(window, "s")).isEqualTo(Long.toString(T0.toEpochMilli()));
    long ttl = redis.pttl(window);
    long expected = T0.plus(Duration.ofDays(30)).toEpochMilli() - System.currentTimeMillis();
    assertThat(ttl).as("expires at the window's end").isBetween(expected - 60_000, expected + 1000);
    assertThat(redis.hget(Keys.timeline(u), "h:features")).as("first limit hit in the timeline")
        .isEqualTo(Long.toString(T0.toEpochMilli()));
    assertThat(redis.pttl(Keys.timeline(u))).isPositive();
  }

  @Test
  void recoversFromAFlushedScriptCache() throws Exception {
    String u = newUser();
    redis.scriptFlush(Keys.plan(u));
    assertThat(store.consume(u, List.of(days("features", 5)), T0).allowed()).isTrue();
    assertThat(redis.scriptExists(RedisUsageStore.script().sha(), Keys.plan(u))).isTrue();
  }

  @Test
  void userIdsCannotReachOtherUsersKeys() throws Exception {
    String victim = newUser();
    Gate g = days("features", 1);
    store.consume(victim, List.of(g), T0);
    String attacker = victim + "}:w:features";
    assertThat(Keys.checkUserId(attacker)).isFalse();
    assertThat(Keys.checkUserId("evil\nuser")).isFalse();
    assertThat(Keys.checkUserId("a".repeat(300))).isFalse();
    assertThat(Keys.checkUserId("user:42@example.com")).isTrue();
  }
}
