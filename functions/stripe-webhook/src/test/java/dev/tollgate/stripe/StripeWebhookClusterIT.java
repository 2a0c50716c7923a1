package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The webhook handler end to end on a real three-master Redis Cluster: the checkout sequence
 * in several orders ends paid with one conversion, a duplicate changes nothing, a later cancel
 * wins over an older event — user ({u:ID}), customer ({c:ID}), event ({e:ID}) and funnel
 * ({tg}) keys live on different masters, and no script crosses slots.
 */
class StripeWebhookClusterIT {
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long PE = T0 + Duration.ofDays(31).toMillis();
  private static final String[] SEQUENCE = {"customer.subscription.created.json", "checkout.session.completed.json",
      "invoice.paid.json", "customer.subscription.updated.json"};
  private static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis = RedisCluster.shared().client();
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void theCheckoutSequenceInAnyOfSeveralOrdersEndsPaidWithOneConversion() {
    List<String> logs = new ArrayList<>();
    StripeWebhookHandler h = WebhookRig.handler(redis, logs::add);
    List<int[]> orders = List.of(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}, new int[] {1, 3, 0, 2},
        new int[] {2, 0, 3, 1});
    for (int[] order : orders) {
      SignedEvents ev = new SignedEvents();
      for (int i : order) {
        assertThat(WebhookRig.send(h, ev, SEQUENCE[i]).getStatusCode()).as("event %s", SEQUENCE[i]).isEqualTo(200);
      }
      assertThat(WebhookRig.plan(redis, ev.user)).isEqualTo(Map.of("plan", "paid", "ps", Long.toString(T0),
          "pe", Long.toString(PE), "status", "active", "sub", ev.subscription));
      assertThat(redis.hget(Keys.emailProfile(ev.user), "conv")).isEqualTo(Long.toString(WebhookRig.NOW.toEpochMilli()));
      assertThat(redis.sismember(Keys.linkedCustomers(), ev.customer)).isTrue();
      assertThat(RedisCluster.slot(Keys.plan(ev.user))).isNotEqualTo(RedisCluster.slot(Keys.customer(ev.customer)));
    }
    assertThat(logs).filteredOn(l -> l.contains("failed")).isEmpty();
  }

  @Test
  void aDuplicateChangesNothingAndALaterCancelWinsOverAnOlderEvent() {
    StripeWebhookHandler h = WebhookRig.handler(redis, l -> { });
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    assertThat(WebhookRig.send(h, ev, "customer.subscription.updated.json").getBody()).contains("\"result\":\"applied\"");
    assertThat(WebhookRig.send(h, ev, "customer.subscription.updated.json").getBody()).contains("\"result\":\"duplicate\"");
    assertThat(WebhookRig.send(h, ev, "customer.subscription.deleted.json").getBody()).contains("applied");
    assertThat(WebhookRig.send(h, ev, "customer.subscription.updated.cancel_at_period_end.json").getBody())
        .contains("\"result\":\"stale\"");
    assertThat(WebhookRig.plan(redis, ev.user)).containsEntry("plan", "free").containsEntry("status", "canceled");
  }
}
