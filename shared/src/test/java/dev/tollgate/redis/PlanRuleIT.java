package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.TestGates;
import dev.tollgate.usage.UsageCall;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * "Is this account paid now" is one rule per language — {@link PlanEntry#paidAt} in Java,
 * {@link PlanRule} in Lua (inlined in the decision script and the Stripe account script) — and
 * the three places answer alike for every case of the table, on real Redis.
 */
class PlanRuleIT {
  static final long NOW = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
  static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = TestRedis.client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // case                          | plan  | until (ms from now; '' = none) | paid
      "no plan stored                  | ''    | ''    | false",
      "the default plan                | free  | ''    | false",
      "paid without an end             | paid  | ''    | true",
      "paid until later                | paid  | 60000 | true",
      "paid until exactly now: lapsed  | paid  | 0     | false",
      "paid, lapsed a minute ago       | paid  | -60000 | false",
      "paid with until 0 = no end      | paid  | ZERO  | true",
  })
  void javaTheDecisionScriptAndTheStripeScriptAgree(String name, String plan, String until, boolean paid) {
    String p = plan.isEmpty() ? null : plan;
    Long u = until.isEmpty() ? null : until.equals("ZERO") ? 0L : NOW + Long.parseLong(until);
    assertThat(PlanEntry.paidAt(p, u, "free", NOW)).as("Java").isEqualTo(paid);

    String lua = "local now = tonumber(ARGV[3]) local plan = ARGV[1] ~= '' and ARGV[1] or nil "
        + "local u = tonumber(ARGV[2]) if plan == 'free' then return 0 end return " + PlanRule.inForce("plan", "u")
        + " and 1 or 0";
    Object r = redis.eval(lua, List.of(), List.of(p == null ? "" : p, u == null ? "" : Long.toString(u),
        Long.toString(NOW)));
    assertThat(r).as("the Lua rule").isEqualTo(paid ? 1L : 0L);

    AccountId a = AccountId.personal(UserId.of(TestRedis.uniqueUser("rule")));
    Map<String, String> h = new HashMap<>();
    if (p != null) {
      h.put("plan", p);
    }
    if (u != null) {
      h.put("until", Long.toString(u));
    }
    if (!h.isEmpty()) {
      redis.hset(Keys.account(a), h);
    }
    RedisUsageStore store = new RedisUsageStore(redis, List.of("free", "paid"), "free", Duration.ofDays(30));
    Gate onlyPaid = TestGates.usage("rule", new Period(Period.Kind.FIXED, Duration.ofDays(1)), new long[] {0, -1}, 0);
    boolean allowed;
    try {
      allowed = store.consume(new UsageCall(a, UserId.of("m"), List.of(onlyPaid), Instant.ofEpochMilli(NOW), null, ""))
          .allowed();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(allowed).as("the decision script (only the paid plan may call)").isEqualTo(paid);

    assertThat(AccountPlanScript.SCRIPT.source()).as("the Stripe account script inlines the rule")
        .contains(PlanRule.inForce("plan", "u")).doesNotContain("PLAN_IN_FORCE");
  }
}
