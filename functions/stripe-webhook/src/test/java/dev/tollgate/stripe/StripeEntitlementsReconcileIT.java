package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.tollgate.plan.CustomerLink;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reconcile re-reads active entitlements through stripe-java ({@code GET
 * /v1/entitlements/active_entitlements?customer=...}, every page) against a local fake of the
 * Stripe API answering in its wire format, on a real Redis: the list read now replaces what
 * summaries said, and a summary event older than the read is stale.
 */
class StripeEntitlementsReconcileIT {
  private static final UnifiedJedis REDIS = TestRedis.client();

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** An {@code entitlements.active_entitlement} as the API lists it (stripe/openapi's fixture shape). */
  private static String entitlement(String id, String lookupKey) {
    return "{\"id\":\"" + id + "\",\"object\":\"entitlements.active_entitlement\",\"feature\":\"feat_test_" + id
        + "\",\"livemode\":false,\"lookup_key\":\"" + lookupKey + "\"}";
  }

  private static String page(boolean more, String... items) {
    return "{\"object\":\"list\",\"url\":\"/v1/entitlements/active_entitlements\",\"has_more\":" + more + ",\"data\":["
        + String.join(",", items) + "]}";
  }

  private static StripeClient client(MockWebServer stripe) {
    return StripeClient.builder().setApiKey("sk_test_local").setApiBase(stripe.url("/").toString().replaceAll("/$", ""))
        .setMaxNetworkRetries(0).build();
  }

  @Test
  void reconcileReadsEveryPageOfTheActiveEntitlementsAndAnOlderSummaryIsThenStale() throws Exception {
    SignedEvents ev = new SignedEvents();
    Clock clock = Clock.fixed(WebhookRig.NOW, ZoneOffset.UTC);
    List<String> log = new ArrayList<>();
    WebhookWiring wiring = WebhookWiring.of(WebhookRig.FEATURES, REDIS, clock, l -> { });
    StripeWebhookHandler h = wiring.handler(List.of(SignedEvents.SECRET), log::add);
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    WebhookRig.send(h, ev, StripeEntitlementsIT.SUMMARY);
    assertThat(REDIS.hget(Keys.plan(ev.user), "ent")).isEqualTo(",export,priority-support,");
    try (MockWebServer stripe = new MockWebServer()) {
      stripe.start();
      stripe.enqueue(json("{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[]}"));
      stripe.enqueue(json(page(true, entitlement("ent_test_1", "export"))));
      stripe.enqueue(json(page(false, entitlement("ent_test_2", "beta"), entitlement("ent_test_3", "bad,key"))));
      List<String> reconcileLog = new ArrayList<>();
      new StripeReconciler(client(stripe), wiring.sync(), wiring.customers(), clock, true, reconcileLog::add)
          .reconcileCustomer(ev.customer);
      assertThat(stripe.takeRequest().getTarget()).startsWith("/v1/subscriptions");
      RecordedRequest first = stripe.takeRequest();
      assertThat(first.getMethod()).isEqualTo("GET");
      assertThat(first.getTarget()).startsWith("/v1/entitlements/active_entitlements?").contains("customer=" + ev.customer)
          .contains("limit=100");
      assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer sk_test_local");
      assertThat(stripe.takeRequest().getTarget()).contains("starting_after=ent_test_1");
      assertThat(reconcileLog).anySatisfy(l -> assertThat(l).contains("lookup key \"bad,key\"", "dropped"));
    }
    assertThat(REDIS.hget(Keys.plan(ev.user), "ent")).as("the list read now, not the summary").isEqualTo(",beta,export,");
    assertThat(WebhookRig.send(h, ev, StripeEntitlementsIT.SUMMARY, e -> e.addProperty("id", e.get("id").getAsString() + "x"))
        .getBody()).as("the summary sent before the read, delivered again").contains("\"result\":\"stale\"");
    assertThat(REDIS.hget(Keys.plan(ev.user), "ent")).isEqualTo(",beta,export,");
  }

  @Test
  void aConfigWithoutFeatureGatesNeverAsksForEntitlements() throws Exception {
    SignedEvents ev = new SignedEvents();
    Clock clock = Clock.fixed(WebhookRig.NOW, ZoneOffset.UTC);
    WebhookWiring wiring = WebhookWiring.of(WebhookRig.NO_FEATURES, REDIS, clock, l -> { });
    wiring.customers().index(ev.customer);
    wiring.customers().apply(new CustomerLink(ev.customer, ev.user, null, 0, true));
    try (MockWebServer stripe = new MockWebServer()) {
      stripe.start();
      stripe.enqueue(json("{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[]}"));
      stripe.enqueue(json(page(false, entitlement("ent_test_1", "export"))));
      wiring.reconciler(client(stripe)).reconcileCustomer(ev.customer);
      assertThat(stripe.getRequestCount()).as("a restricted key without Entitlements access still reconciles").isEqualTo(1);
    }
    assertThat(REDIS.hget(Keys.plan(ev.user), "ent")).isNull();
    WebhookWiring features = WebhookWiring.of(WebhookRig.FEATURES, REDIS, clock, l -> { });
    try (MockWebServer stripe = new MockWebServer()) {
      stripe.start();
      stripe.enqueue(json("{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[]}"));
      stripe.enqueue(json(page(false, entitlement("ent_test_1", "export"))));
      features.reconciler(client(stripe)).reconcileCustomer(ev.customer);
      assertThat(stripe.getRequestCount()).isEqualTo(2);
    }
    assertThat(REDIS.hget(Keys.plan(ev.user), "ent")).isEqualTo(",export,");
  }
}
