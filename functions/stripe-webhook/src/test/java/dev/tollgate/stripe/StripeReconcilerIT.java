package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.plan.CustomerLink;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StatusRules;
import dev.tollgate.plan.SubscriptionStore;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPlanStore;
import dev.tollgate.redis.RedisProcessedEvents;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Reconcile through stripe-java against a local fake of the Stripe API, on a real Redis. */
class StripeReconcilerIT {
  private static final UnifiedJedis REDIS = TestRedis.client();

  /** A local Stripe API answering one {@code GET /v1/subscriptions} page with {@code subscription}. */
  private static int reconcile(WebhookWiring wiring, String customer, JsonObject subscription) throws Exception {
    String page = "{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[" + subscription + "]}";
    try (MockWebServer stripe = new MockWebServer()) {
      stripe.start();
      stripe.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(page).build());
      StripeClient client = StripeClient.builder().setApiKey("sk_test_local").setApiBase(stripe.url("/").toString()
          .replaceAll("/$", "")).setMaxNetworkRetries(0).build();
      return wiring.reconciler(client).reconcileCustomer(customer);
    }
  }

  /** A plan store whose {@code forget} always fails. */
  private record PlanStoreThatCannotForget(PlanStore real) implements PlanStore {
    @Override
    public PlanWrite write(String accountId, String customerId, List<PlanEntry> entries, Set<String> entitlements,
        Optional<String> email, Instant now) {
      return real.write(accountId, customerId, entries, entitlements, email, now);
    }

    @Override
    public PlanWrite forget(String accountId, String customerId, Instant now) {
      throw new IllegalStateException("injected: the first account's shard is unreachable");
    }

    @Override
    public void conversionCounted(String accountId, Instant at) {
      real.conversionCounted(accountId, at);
    }

    @Override
    public Optional<PlanEntry> read(String accountId) {
      return real.read(accountId);
    }

    @Override
    public Set<String> entitlements(String accountId) {
      return real.entitlements(accountId);
    }
  }

  @Test
  void reconcileSettlesAFormerAccountThatTheWebhookCouldNotReDerive() throws Exception {
    SignedEvents ev = new SignedEvents();
    String second = TestRedis.uniqueUser("second");
    Clock clock = Clock.fixed(WebhookRig.NOW, ZoneOffset.UTC);
    WebhookWiring real = WebhookWiring.of(WebhookRig.NO_FEATURES, REDIS, clock, l -> { });
    // the first account's plan cannot be re-derived (its shard unreachable) whatever Stripe retries
    PlanStore failingForget = new PlanStoreThatCannotForget(new RedisPlanStore(REDIS, "free"));
    PlanSync broken = new PlanSync(real.customers(), failingForget, new RedisCreditStore(REDIS),
        new RedisProcessedEvents(REDIS), new RedisFunnel(REDIS),
        new ConversionMetrics(l -> { }), StatusRules.of(WebhookRig.CONFIG), Duration.ofDays(30), clock);
    StripeWebhookHandler h = new StripeWebhookHandler(broken, List.of(SignedEvents.SECRET), Duration.ofSeconds(300), clock,
        l -> { });
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    WebhookRig.send(h, ev, "customer.subscription.updated.json");
    assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json", StripeRelinkIT.checkoutFor(second, 10))
        .getStatusCode()).as("Stripe retries, but the retries may run out").isEqualTo(500);
    assertThat(WebhookRig.plan(REDIS, ev.user)).as("the state to heal").containsEntry("plan", "paid");

    String active = ev.load("customer.subscription.updated.json", SignedEvents.SECRET, 0).getBody();
    JsonObject sub = JsonParser.parseString(active).getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object");
    assertThat(reconcile(real, ev.customer, sub)).isEqualTo(1);
    assertThat(WebhookRig.plan(REDIS, ev.user)).as("healed: the first account holds the customer no more").isEmpty();
    assertThat(WebhookRig.plan(REDIS, second)).containsEntry("plan", "paid").containsEntry("status", "active");
    assertThat(REDIS.hkeys(Keys.customer(ev.customer))).noneMatch(f -> f.startsWith("f:"));
  }

  @Test
  void reReadsALinkedCustomersSubscriptionsAndRewritesThePlan() throws Exception {
    SignedEvents ev = new SignedEvents();
    // a canceled subscription in the sample's wire format, listed as GET /v1/subscriptions answers
    String deleted = ev.load("customer.subscription.deleted.json", SignedEvents.SECRET, 0).getBody();
    JsonObject sub = JsonParser.parseString(deleted).getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object");
    String page = "{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":[" + sub + "]}";
    Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
    List<String> metrics = new ArrayList<>();
    WebhookWiring wiring = WebhookWiring.of(WebhookRig.NO_FEATURES, REDIS, clock, metrics::add);
    SubscriptionStore customers = wiring.customers();
    customers.index(ev.customer);
    customers.apply(new CustomerLink(ev.customer, ev.user, null, 0, true));
    REDIS.hset(Keys.plan(ev.user), Map.of("plan", "paid", "status", "active"));
    try (MockWebServer stripe = new MockWebServer()) {
      stripe.start();
      stripe.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(page).build());
      StripeClient client = StripeClient.builder().setApiKey("sk_test_local").setApiBase(stripe.url("/").toString()
          .replaceAll("/$", "")).setMaxNetworkRetries(0).build();
      int applied = wiring.reconciler(client).reconcileCustomer(ev.customer);
      RecordedRequest request = stripe.takeRequest();
      assertThat(request.getTarget()).startsWith("/v1/subscriptions").contains("customer=" + ev.customer).contains("status=all");
      assertThat(applied).isEqualTo(1);
    }
    assertThat(REDIS.hgetAll(Keys.plan(ev.user))).containsEntry("plan", "free").containsEntry("status", "canceled");
    assertThat(customers.linkedCustomers()).contains(ev.customer);
  }
}
