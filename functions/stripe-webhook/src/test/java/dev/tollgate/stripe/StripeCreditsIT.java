package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.testing.Concurrently;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Credits sold through Stripe Checkout (a Payment Link's {@code metadata.tollgate_credits}),
 * through the webhook, really signed, on single Redis and on a real Redis Cluster: granted once
 * per session however Stripe repeats the event, only once paid (bank transfers on
 * {@code checkout.session.async_payment_succeeded}), to the session's account or its customer's,
 * and metadata that is not a number is logged, never a 500.
 */
class StripeCreditsIT {
  private static final UnifiedJedis SINGLE = TestRedis.client();
  private static final UnifiedJedis CLUSTER = RedisCluster.shared().client();
  static final String CARD = "checkout.session.completed.credits.json";
  static final String BANK = "checkout.session.completed.credits_async.json";
  static final String BANK_PAID = "checkout.session.async_payment_succeeded.json";

  @AfterAll
  static void close() {
    CLUSTER.close();
  }

  abstract static class Scenarios {
    abstract UnifiedJedis redis();

    CreditStore.Credits credits(String account) {
      return new RedisCreditStore(redis()).show(AccountId.parse(account), WebhookRig.NOW);
    }

    @Test
    void aPaidSessionGrantsItsCreditsOnceWhateverStripeRepeats() throws Exception {
      List<String> log = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis(), log::add);
      SignedEvents ev = new SignedEvents();
      assertThat(WebhookRig.send(h, ev, CARD).getBody()).contains("\"result\":\"applied\"");
      assertThat(WebhookRig.send(h, ev, CARD).getBody()).as("Stripe's retry").contains("\"result\":\"duplicate\"");
      // the same session in events of their own, at once (e.g. redelivered after the de-dup marker expired)
      int ok = Concurrently.countTrue(8, 4, () -> WebhookRig.send(h, ev, CARD,
          e -> e.addProperty("id", e.get("id").getAsString() + "_" + Thread.currentThread().getId() + System.nanoTime()))
          .getStatusCode() == 200);
      assertThat(ok).isEqualTo(8);
      CreditStore.Credits c = credits(ev.user);
      assertThat(c.balance()).isEqualTo(500);
      assertThat(c.grants()).singleElement().satisfies(g -> {
        assertThat(g.id()).isEqualTo("cs_test_QtgCredits0001");
        assertThat(g.expires()).isEqualTo(Instant.ofEpochSecond(1767312060).plus(Duration.ofDays(365)));
      });
      assertThat(log).anySatisfy(l -> assertThat(l).contains("500 credits granted to " + ev.user));
    }

    @Test
    void aBankTransferGrantsWhenItsPaymentSucceedsToTheAccountTheCustomerIsLinkedTo() {
      StripeWebhookHandler h = WebhookRig.handler(redis(), l -> { });
      SignedEvents ev = new SignedEvents();
      assertThat(WebhookRig.send(h, ev, BANK_PAID).getStatusCode()).as("before the customer is linked").isEqualTo(200);
      assertThat(credits(ev.user).balance()).isZero();
      assertThat(WebhookRig.send(h, ev, BANK).getStatusCode()).as("completed, but unpaid").isEqualTo(200);
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      assertThat(credits(ev.user).balance()).isEqualTo(2000);
      assertThat(redis().hget(Keys.customer(ev.customer), "cr:cs_test_QtgCredits0002")).startsWith("g|2000|");
      WebhookRig.send(h, ev, BANK_PAID, e -> e.addProperty("id", e.get("id").getAsString() + "_again"));
      assertThat(credits(ev.user).balance()).isEqualTo(2000);
    }

    @Test
    void anUnpaidSessionGrantsNothing() {
      StripeWebhookHandler h = WebhookRig.handler(redis(), l -> { });
      SignedEvents ev = new SignedEvents();
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      WebhookRig.send(h, ev, BANK);
      assertThat(credits(ev.user).balance()).isZero();
      assertThat(redis().hkeys(Keys.customer(ev.customer))).noneMatch(f -> f.startsWith("cr:"));
    }

    @Test
    void metadataThatIsNotAWholeNumberIsLoggedAndGrantsNothing() {
      List<String> log = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis(), log::add);
      String[] bad = {"five hundred", "-500", "1e9", "10000000000000000000000", "0"};
      SignedEvents ev = new SignedEvents();
      for (String value : bad) {
        assertThat(WebhookRig.send(h, ev, CARD, e -> {
          e.addProperty("id", e.get("id").getAsString() + "_" + value.hashCode());
          SignedEvents.object(e).getAsJsonObject("metadata").addProperty("tollgate_credits", value);
        }).getStatusCode()).as("tollgate_credits %s", value).isEqualTo(200);
      }
      assertThat(WebhookRig.send(h, ev, CARD, e -> SignedEvents.object(e).getAsJsonObject("metadata")
          .addProperty("tollgate_credits_expire_days", "forever")).getStatusCode()).isEqualTo(200);
      assertThat(credits(ev.user).grants()).isEmpty();
      assertThat(log).filteredOn(l -> l.contains("not granted")).hasSize(bad.length + 1);
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
