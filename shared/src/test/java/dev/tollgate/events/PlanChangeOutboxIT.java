package dev.tollgate.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code plan.changed} is announced once per change, compared atomically with the plan last
 * announced for the account, whatever the number of Stripe events (or retries) that observe it.
 */
class PlanChangeOutboxIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  UnifiedJedis redis;
  RedisEventOutbox outbox;

  @BeforeEach
  void start() {
    redis = TestRedis.client();
    outbox = new RedisEventOutbox(redis, TestRedis.uniqueUser("plans"));
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  private boolean observe(String account, String plan, String fallback, String stripeEvent) {
    return outbox.addPlanChange(account, plan, fallback, EventDetails.planChanged(account, plan,
        !plan.equals("free"), null, stripeEvent, T0), T0);
  }

  private List<String> froms() {
    return outbox.claim(T0, 10, Duration.ofMinutes(1)).stream().map(q -> {
      var d = JsonParser.parseString(q.event().detail()).getAsJsonObject();
      assertThat(EventSchemas.violations("plan.changed", q.event().detail())).isEmpty();
      return (d.get("from").isJsonNull() ? "null" : d.get("from").getAsString()) + ">" + d.get("to").getAsString();
    }).toList();
  }

  @Test
  void eachChangeIsAnnouncedOnceFromTheLastAnnouncedPlan() {
    assertThat(observe("acct-1", "paid", "free", "evt_1")).isTrue();
    assertThat(observe("acct-1", "paid", "free", "evt_1")).as("the retried event").isFalse();
    assertThat(observe("acct-1", "paid", null, "evt_2")).as("another event, same plan").isFalse();
    assertThat(observe("acct-1", "free", null, "evt_3")).isTrue();
    assertThat(observe("acct-2", "paid", null, "evt_4")).as("paying before anything was announced").isTrue();
    assertThat(observe("acct-3", "free", "free", "evt_5")).as("the default plan, never announced").isFalse();
    assertThat(froms()).containsExactlyInAnyOrder("free>paid", "paid>free", "null>paid");
  }
}
