package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.PlanStore;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.ProcessedEvents;
import dev.tollgate.plan.StatusRules;
import dev.tollgate.plan.SubscriptionStore;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPlanStore;
import dev.tollgate.redis.RedisProcessedEvents;
import dev.tollgate.redis.RedisSubscriptionStore;
import dev.tollgate.testing.FaultyPorts;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 11 item 11: every webhook step is idempotent per event. The real Redis stores are
 * wrapped so that the k-th store call of an event fails — after it took effect (the reply was
 * lost) or before — for every k; Stripe's retry of the same event must then end in the same
 * state as without the fault, and count the conversion exactly once.
 */
class StripeWebhookStepFaultIT {
  private static final UnifiedJedis REDIS = TestRedis.client();

  private static StripeWebhookHandler handler(FaultyPorts faults, List<String> metrics) {
    Clock clock = Clock.fixed(WebhookRig.NOW, ZoneOffset.UTC);
    PlanSync sync = new PlanSync(faults.wrap(SubscriptionStore.class, new RedisSubscriptionStore(REDIS)),
        faults.wrap(PlanStore.class, new RedisPlanStore(REDIS, "free")),
        faults.wrap(CreditStore.class, new RedisCreditStore(REDIS)),
        faults.wrap(ProcessedEvents.class, new RedisProcessedEvents(REDIS)), faults.wrap(Funnel.class, new RedisFunnel(REDIS)),
        new ConversionMetrics(metrics::add), StatusRules.of(WebhookRig.CONFIG), WebhookRig.CONFIG.stripe().attributionWindow(),
        clock);
    return new StripeWebhookHandler(sync, List.of(SignedEvents.SECRET), Duration.ofSeconds(300), clock, l -> { });
  }

  /** The store calls a clean run of {@code file} makes for {@code ev}. */
  private static int cleanCalls(String first, String file, String second) {
    FaultyPorts faults = new FaultyPorts();
    StripeWebhookHandler h = handler(faults, new ArrayList<>());
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, first);
    faults.reset();
    if (second == null) {
      WebhookRig.send(h, ev, file);
    } else {
      WebhookRig.send(h, ev, file, StripeRelinkIT.checkoutFor(second, 10));
    }
    return faults.calls();
  }

  @Test
  void aConversionIsCountedOnceWhicheverStepFails() {
    int steps = cleanCalls("checkout.session.completed.json", "customer.subscription.updated.json", null);
    assertThat(steps).isGreaterThanOrEqualTo(5);
    for (boolean after : new boolean[] {true, false}) {
      for (int k = 1; k <= steps; k++) {
        FaultyPorts faults = new FaultyPorts();
        List<String> metrics = new ArrayList<>();
        StripeWebhookHandler h = handler(faults, metrics);
        SignedEvents ev = new SignedEvents();
        String loop = "l" + Long.toHexString(System.nanoTime());
        REDIS.hset(Keys.timeline(ev.user), "h:" + loop, Long.toString(WebhookRig.NOW.minusSeconds(3600).toEpochMilli()));
        WebhookRig.send(h, ev, "checkout.session.completed.json");
        faults.failAt(k, after);
        APIGatewayProxyResponseEvent failed = WebhookRig.send(h, ev, "customer.subscription.updated.json");
        assertThat(failed.getStatusCode()).as("step %d fails (after effect: %s)", k, after).isEqualTo(500);
        APIGatewayProxyResponseEvent retried = WebhookRig.send(h, ev, "customer.subscription.updated.json");
        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(WebhookRig.plan(REDIS, ev.user)).as("step %d", k).containsEntry("plan", "paid").containsEntry("status", "active");
        Map<String, Long> day = new RedisFunnel(REDIS).day(LocalDate.of(2026, 1, 1)).counters();
        assertThat(day.get(loop + ":conversions")).as("conversions after a failure at step %d (after: %s)", k, after)
            .isEqualTo(1L);
        // the EMF line goes out with the count that made it; a lost reply of that very count loses the line, never doubles it
        assertThat(metrics.size()).as("EMF lines of one conversion, step %d", k).isBetween(after ? 0 : 1, 1);
        assertThat(REDIS.hexists(Keys.plan(ev.user), "cvp")).isFalse();
      }
    }
  }

  @Test
  void aReLinkSettlesTheFormerAccountWhicheverStepFails() {
    int steps = cleanCalls("customer.subscription.updated.json", "checkout.session.completed.json", "someone");
    for (boolean after : new boolean[] {true, false}) {
      for (int k = 1; k <= steps; k++) {
        FaultyPorts faults = new FaultyPorts();
        StripeWebhookHandler h = handler(faults, new ArrayList<>());
        SignedEvents ev = new SignedEvents();
        String second = TestRedis.uniqueUser("second");
        WebhookRig.send(h, ev, "checkout.session.completed.json");
        WebhookRig.send(h, ev, "customer.subscription.updated.json");
        faults.failAt(k, after);
        assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json", StripeRelinkIT.checkoutFor(second, 10))
            .getStatusCode()).as("step %d of %d fails", k, steps).isEqualTo(500);
        assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json", StripeRelinkIT.checkoutFor(second, 10))
            .getStatusCode()).isEqualTo(200);
        assertThat(WebhookRig.plan(REDIS, second)).as("step %d", k).containsEntry("plan", "paid");
        assertThat(WebhookRig.plan(REDIS, ev.user)).as("the former account, step %d (after: %s)", k, after).isEmpty();
        assertThat(REDIS.hkeys(Keys.customer(ev.customer))).noneMatch(f -> f.startsWith("f:"));
      }
    }
  }

  @Test
  void creditsBoughtByBankTransferAreGrantedOnceWhicheverStepFails() {
    int steps = cleanCalls("checkout.session.completed.json", StripeCreditsIT.BANK_PAID, null);
    assertThat(steps).isGreaterThanOrEqualTo(5);
    for (boolean after : new boolean[] {true, false}) {
      for (int k = 1; k <= steps; k++) {
        FaultyPorts faults = new FaultyPorts();
        StripeWebhookHandler h = handler(faults, new ArrayList<>());
        SignedEvents ev = new SignedEvents();
        WebhookRig.send(h, ev, "checkout.session.completed.json");
        faults.failAt(k, after);
        assertThat(WebhookRig.send(h, ev, StripeCreditsIT.BANK_PAID).getStatusCode()).as("step %d of %d fails", k, steps)
            .isEqualTo(500);
        assertThat(WebhookRig.send(h, ev, StripeCreditsIT.BANK_PAID).getStatusCode()).isEqualTo(200);
        assertThat(new RedisCreditStore(REDIS).show(AccountId.parse(ev.user), WebhookRig.NOW).balance())
            .as("step %d (after: %s)", k, after).isEqualTo(2000);
        assertThat(REDIS.hget(Keys.customer(ev.customer), "cr:cs_test_QtgCredits0002")).startsWith("g|");
      }
    }
  }
}
