package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 11 item 6: only a paying status moves a {@code billing} window. A free account that
 * used up its month gets an {@code incomplete} (or any other unpaid) subscription whose period
 * started mid-month: it must stay blocked, in the current and the pre-2025 API shape (period on
 * the items / on the subscription), and the reset it is told is never in the past.
 */
class StripeBillingPeriodIT {
  private static final UnifiedJedis REDIS = TestRedis.client();
  /** In the future: windows expire at their end by the server's own clock. */
  private static final Instant CALL = Instant.parse("2031-01-20T12:00:00Z");
  private static final long PERIOD_START = Instant.parse("2031-01-15T00:00:00Z").getEpochSecond();
  private static final long PERIOD_END = Instant.parse("2031-02-15T00:00:00Z").getEpochSecond();

  private static GatingConfig billingConfig() throws Exception {
    String yaml = Files.readString(Path.of("../../gating.yaml")).replace("limit: { free: 100, paid: 10000 }",
        "limit: { free: 2, paid: 1000 }").replace("period: 30d", "period: billing");
    return ConfigLoader.parse(yaml, "billing gating.yaml");
  }

  /** The decision (of the features loop) and the webhook over one config (a free allowance of 2 per billing window). */
  private record Rig(RedisUsageStore store, List<Gate> gates, StripeWebhookHandler handler) {
    Rig(GatingConfig config) {
      this(RedisUsageStore.forConfig(REDIS, config), UsageGate.compile(config).stream()
          .filter(g -> g.loop().equals("features")).toList(), WebhookWiring.of(config, REDIS,
          Clock.fixed(WebhookRig.NOW, ZoneOffset.UTC), l -> { }).handler(List.of(SignedEvents.SECRET), l -> { }));
    }
  }

  /** Sets {@code status} and the mid-month period where this API version keeps it. */
  private static void unpaid(JsonObject event, String status) {
    JsonObject sub = SignedEvents.object(event);
    sub.addProperty("status", status);
    if (sub.has("current_period_start")) {
      sub.addProperty("current_period_start", PERIOD_START);
      sub.addProperty("current_period_end", PERIOD_END);
    }
    for (JsonElement item : sub.getAsJsonObject("items").getAsJsonArray("data")) {
      if (item.getAsJsonObject().has("current_period_start")) {
        item.getAsJsonObject().addProperty("current_period_start", PERIOD_START);
        item.getAsJsonObject().addProperty("current_period_end", PERIOD_END);
      }
    }
  }

  @Test
  void aCanceledPaidPeriodKeepsItsWindowSoNoResetIsInThePast() throws Exception {
    Rig rig = new Rig(billingConfig());
    RedisUsageStore store = rig.store();
    List<Gate> gates = rig.gates();
    StripeWebhookHandler h = rig.handler();
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    WebhookRig.send(h, ev, "customer.subscription.updated.json", e -> unpaid(e, "active"));
    for (int i = 0; i < 5; i++) {
      assertThat(store.consume(ev.user, gates, CALL).allowed()).isTrue();
    }
    WebhookRig.send(h, ev, "customer.subscription.deleted.json", e -> unpaid(e, "canceled"));
    assertThat(REDIS.hgetAll(Keys.plan(ev.user))).containsEntry("plan", "free")
        .containsEntry("ps", Long.toString(PERIOD_START * 1000)).containsEntry("pe", Long.toString(PERIOD_END * 1000));
    UsageOutcome after = store.consume(ev.user, gates, CALL.plusSeconds(60));
    assertThat(after.allowed()).as("5 of the free 2 are used in this window").isFalse();
    assertThat(after.gates().get(0).resetAt()).isEqualTo(Instant.ofEpochSecond(PERIOD_END));
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource({
      "customer.subscription.created.json, incomplete",
      "customer.subscription.created.json, incomplete_expired",
      "customer.subscription.created.json, unpaid",
      "customer.subscription.created.json, canceled",
      "customer.subscription.created.json, paused",
      "customer.subscription.updated.2024-06-20.json, incomplete",
      "customer.subscription.updated.2024-06-20.json, incomplete_expired",
      "customer.subscription.updated.2024-06-20.json, unpaid",
      "customer.subscription.updated.2024-06-20.json, canceled",
      "customer.subscription.updated.2024-06-20.json, paused",
  })
  void anUnpaidSubscriptionGivesNoFreshBillingWindow(String file, String status) throws Exception {
    Rig rig = new Rig(billingConfig());
    RedisUsageStore store = rig.store();
    List<Gate> gates = rig.gates();
    StripeWebhookHandler h = rig.handler();
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    assertThat(store.consume(ev.user, gates, CALL).allowed()).isTrue();
    assertThat(store.consume(ev.user, gates, CALL).allowed()).isTrue();
    assertThat(store.consume(ev.user, gates, CALL).allowed()).as("the month's free allowance is used up").isFalse();

    assertThat(WebhookRig.send(h, ev, file, e -> unpaid(e, status)).getStatusCode()).isEqualTo(200);
    assertThat(REDIS.hgetAll(Keys.plan(ev.user))).containsEntry("status", status).doesNotContainKeys("ps", "pe");
    UsageOutcome after = store.consume(ev.user, gates, CALL.plusSeconds(60));
    assertThat(after.allowed()).as("an unpaid subscription hands out no fresh allowance").isFalse();
    GateResult gate = after.gates().get(0);
    assertThat(gate.resetAt()).as("the reset told is ahead").isAfter(CALL.plusSeconds(60));
  }
}
