package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Stripe Entitlements through the webhook, really signed, on single Redis and on a real Redis
 * Cluster (customer {c:ID} and accounts {a:ID} on different masters): the account's {@code ent}
 * is the union of its customers' active lookup keys, follows a re-link, ignores an older summary
 * delivered late, and a lookup key that cannot be stored is dropped with a log line, never a 500.
 */
class StripeEntitlementsIT {
  private static final UnifiedJedis SINGLE = TestRedis.client();
  private static final UnifiedJedis CLUSTER = RedisCluster.shared().client();
  static final String SUMMARY = "entitlements.active_entitlement_summary.updated.json";
  static final String REMOVED = "entitlements.active_entitlement_summary.updated.removed.json";

  @AfterAll
  static void close() {
    CLUSTER.close();
  }

  abstract static class Scenarios {
    abstract UnifiedJedis redis();

    String ent(String account) {
      return redis().hget(Keys.plan(account), "ent");
    }

    @Test
    void theAccountsEntGainsTheFeaturesAndLosesThemWhenANewerSummaryRemovesThem() {
      List<String> log = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis(), log::add);
      SignedEvents ev = new SignedEvents();
      assertThat(WebhookRig.send(h, ev, SUMMARY).getBody()).contains("\"result\":\"applied\"");
      assertThat(ent(ev.user)).as("the customer is not linked yet").isNull();
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      assertThat(ent(ev.user)).isEqualTo(",export,priority-support,");
      assertThat(WebhookRig.send(h, ev, REMOVED).getStatusCode()).isEqualTo(200);
      assertThat(ent(ev.user)).isNull();
      assertThat(WebhookRig.send(h, ev, SUMMARY, e -> e.addProperty("id", e.get("id").getAsString() + "_late"))
          .getBody()).as("the older summary delivered late").contains("\"result\":\"stale\"");
      assertThat(ent(ev.user)).isNull();
      assertThat(redis().pttl(Keys.plan(ev.user))).isEqualTo(-1);
      assertThat(log).anySatisfy(l -> assertThat(l).contains("checkout.session.completed",
          "entitlements of " + ev.customer + ": export,priority-support"));
      assertThat(log).anySatisfy(l -> assertThat(l).contains("_0013 entitlements.active_entitlement_summary.updated",
          "applied", "entitlements of " + ev.customer + ": none"));
    }

    @Test
    void anAccountWithTwoCustomersHasTheUnionAndARelinkMovesOnlyTheMovedCustomersFeatures() {
      StripeWebhookHandler h = WebhookRig.handler(redis(), l -> { });
      SignedEvents a = new SignedEvents();
      SignedEvents b = new SignedEvents();
      String other = TestRedis.uniqueUser("other");
      WebhookRig.send(h, a, "checkout.session.completed.json");
      WebhookRig.send(h, a, SUMMARY);
      WebhookRig.send(h, b, "checkout.session.completed.json", StripeRelinkIT.checkoutFor(a.user, 0));
      WebhookRig.send(h, b, SUMMARY, e -> SignedEvents.object(e).getAsJsonObject("entitlements").getAsJsonArray("data")
          .get(0).getAsJsonObject().addProperty("lookup_key", "beta"));
      assertThat(ent(a.user)).isEqualTo(",beta,export,priority-support,");
      WebhookRig.send(h, b, "checkout.session.completed.json", StripeRelinkIT.checkoutFor(other, 10));
      assertThat(ent(other)).isEqualTo(",beta,priority-support,");
      assertThat(ent(a.user)).as("the first customer's stay").isEqualTo(",export,priority-support,");
    }

    @Test
    void lookupKeysThatCannotBeStoredAreDroppedWithALogLineNotA500() {
      List<String> log = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis(), log::add);
      SignedEvents ev = new SignedEvents();
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      APIGatewayProxyResponseEvent response = WebhookRig.send(h, ev, SUMMARY, e -> {
        JsonArray data = SignedEvents.object(e).getAsJsonObject("entitlements").getAsJsonArray("data");
        for (String bad : new String[] {"a,b", "tab\there", "k".repeat(81)}) {
          JsonObject item = data.get(0).getAsJsonObject().deepCopy();
          item.addProperty("lookup_key", bad);
          data.add(item);
        }
      });
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(ent(ev.user)).isEqualTo(",export,priority-support,");
      assertThat(log).anySatisfy(l -> assertThat(l).contains("lookup key \"a,b\"", "dropped: contains a comma",
          "tab\\there", "longer than 80").doesNotContain("\t"));
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
