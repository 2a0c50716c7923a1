package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 11 item 5: a Stripe customer linked to another account (a second
 * {@code checkout.session.completed} with another {@code client_reference_id}) re-derives the
 * first account's plan too, and links are ordered by the events' time, not their arrival. On
 * single Redis and on a real Redis Cluster, where the customer ({c:ID}) and both accounts
 * ({u:ID}) live on different masters.
 */
class StripeRelinkIT {
  private static final UnifiedJedis SINGLE = TestRedis.client();
  private static final UnifiedJedis CLUSTER = RedisCluster.shared().client();

  @AfterAll
  static void close() {
    CLUSTER.close();
  }

  /** The checkout sample for {@code account}, {@code later} seconds after the sample's own. */
  static Consumer<JsonObject> checkoutFor(String account, int later) {
    return event -> {
      event.addProperty("id", event.get("id").getAsString() + "_" + later);
      event.addProperty("created", event.get("created").getAsLong() + later);
      SignedEvents.object(event).addProperty("client_reference_id", account);
    };
  }

  abstract static class Scenarios {
    abstract UnifiedJedis redis();

    @Test
    void aCustomerLinkedToAnotherAccountLeavesTheFirstOnTheDefaultPlan() {
      List<String> metrics = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis(), metrics::add);
      SignedEvents ev = new SignedEvents();
      String second = TestRedis.uniqueUser("second");
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      WebhookRig.send(h, ev, "customer.subscription.updated.json");
      assertThat(WebhookRig.plan(redis(), ev.user)).containsEntry("plan", "paid");

      assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json", checkoutFor(second, 10)).getStatusCode())
          .isEqualTo(200);
      assertThat(WebhookRig.plan(redis(), second)).containsEntry("plan", "paid").containsEntry("status", "active");
      assertThat(WebhookRig.plan(redis(), ev.user)).as("the first account no longer holds the customer's plan").isEmpty();
      assertThat(redis().hkeys(Keys.customer(ev.customer))).noneMatch(f -> f.startsWith("f:"));
      assertThat(metrics).filteredOn(l -> l.contains("\"event\":\"conversion\"")).hasSize(2);

      WebhookRig.send(h, ev, "customer.subscription.deleted.json");
      assertThat(WebhookRig.plan(redis(), second)).containsEntry("plan", "free").containsEntry("status", "canceled");
      assertThat(WebhookRig.plan(redis(), ev.user)).isEmpty();
    }

    @Test
    void anOlderLinkDeliveredLateDoesNotTakeTheCustomerBack() {
      StripeWebhookHandler h = WebhookRig.handler(redis(), l -> { });
      SignedEvents ev = new SignedEvents();
      String second = TestRedis.uniqueUser("second");
      WebhookRig.send(h, ev, "customer.subscription.updated.json");
      WebhookRig.send(h, ev, "checkout.session.completed.json", checkoutFor(second, 10));
      assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json").getBody()).contains("\"result\":\"stale\"");
      assertThat(WebhookRig.plan(redis(), second)).containsEntry("plan", "paid");
      assertThat(WebhookRig.plan(redis(), ev.user)).isEmpty();
      assertThat(redis().hget(Keys.customer(ev.customer), "u")).isEqualTo(second);
    }
  }

  @Nested
  class SingleRedis extends Scenarios {
    @Override
    UnifiedJedis redis() {
      return SINGLE;
    }
  }

  @Nested
  class OnCluster extends Scenarios {
    @Override
    UnifiedJedis redis() {
      return CLUSTER;
    }
  }
}
