package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The webhook handler on a real Redis with really signed sample events. */
class StripeWebhookHandlerIT {
  private static final UnifiedJedis REDIS = TestRedis.client();
  private static final GatingConfig CONFIG = ConfigLoader.fromEnvironment(Map.of());
  /** 2026-01-01T01:00Z: an hour after the sample subscription started. */
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long PE = T0 + Duration.ofDays(31).toMillis();
  private static final String[] SEQUENCE = {"customer.subscription.created.json", "checkout.session.completed.json",
      "invoice.paid.json", "customer.subscription.updated.json"};

  private final List<String> logs = new ArrayList<>();
  private final List<String> metrics = new ArrayList<>();

  private StripeWebhookHandler handler(UnifiedJedis redis, String secrets) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return WebhookWiring.of(CONFIG, redis, clock, metrics::add).handler(List.of(secrets.split(",")), logs::add);
  }

  private APIGatewayProxyResponseEvent send(StripeWebhookHandler h, SignedEvents ev, String file) {
    return h.handleRequest(ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond()), null);
  }

  private static Map<String, String> plan(String user) {
    Map<String, String> p = new HashMap<>(REDIS.hgetAll(Keys.plan(user)));
    p.keySet().retainAll(List.of("plan", "until", "ps", "pe", "status", "sub"));
    return p;
  }

  @Test
  void everyOrderOfTheCheckoutSequenceEndsInTheSameState() {
    List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3));
    assertThat(orders).hasSize(24);
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    for (List<Integer> order : orders) {
      SignedEvents ev = new SignedEvents();
      for (int i : order) {
        assertThat(send(h, ev, SEQUENCE[i]).getStatusCode()).as("order %s event %s", order, SEQUENCE[i]).isEqualTo(200);
      }
      assertThat(plan(ev.user)).as("order %s", order).isEqualTo(Map.of("plan", "paid", "ps", Long.toString(T0),
          "pe", Long.toString(PE), "status", "active", "sub", ev.subscription));
      assertThat(REDIS.hget(Keys.emailProfile(ev.user), "conv")).as("order %s", order).isEqualTo(Long.toString(NOW.toEpochMilli()));
      assertThat(REDIS.hget(Keys.emailProfile(ev.user), "email")).isEqualTo("ada@example.com");
      assertThat(REDIS.hexists(Keys.plan(ev.user), "cvp")).as("conversion counted").isFalse();
    }
    assertThat(metrics).as("one conversion per user, whatever the order").hasSize(24);
  }

  @Test
  void aDuplicateIsAcknowledgedAndChangesNothing() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    assertThat(send(h, ev, "customer.subscription.updated.json").getBody()).contains("\"result\":\"applied\"");
    REDIS.hset(Keys.plan(ev.user), "status", "touched");
    APIGatewayProxyResponseEvent again = send(h, ev, "customer.subscription.updated.json");
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(again.getBody()).contains("\"result\":\"duplicate\"");
    assertThat(REDIS.hget(Keys.plan(ev.user), "status")).isEqualTo("touched");
  }

  @Test
  void anOlderEventIsStaleAndCancelPutsTheUserBackOnTheDefaultPlan() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.json");
    assertThat(plan(ev.user)).containsEntry("plan", "paid");
    assertThat(send(h, ev, "customer.subscription.deleted.json").getBody()).contains("applied");
    assertThat(plan(ev.user)).containsEntry("plan", "free").containsEntry("status", "canceled");
    assertThat(send(h, ev, "customer.subscription.updated.cancel_at_period_end.json").getBody()).contains("\"result\":\"stale\"");
    assertThat(plan(ev.user)).containsEntry("plan", "free");
  }

  @Test
  void cancelAtPeriodEndStaysPaidUntilThePeriodEnds() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.cancel_at_period_end.json");
    assertThat(plan(ev.user)).containsEntry("plan", "paid").containsEntry("until", Long.toString(PE));
  }

  @Test
  void pastDueIsPaidForTheGraceAfterThePeriodStartedInAnOlderApiVersion() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    assertThat(send(h, ev, "customer.subscription.updated.2024-06-20.json").getStatusCode()).isEqualTo(200);
    long graceEnd = T0 + CONFIG.stripe().pastDueGrace().toMillis();
    assertThat(plan(ev.user)).containsEntry("plan", "paid").containsEntry("status", "past_due")
        .containsEntry("until", Long.toString(graceEnd)).containsEntry("pe", Long.toString(PE));
    // the authorizer counts the user as paid while now < until, on the default plan after
    assertThat(NOW.toEpochMilli()).isLessThan(graceEnd);
    assertThat(T0 + Duration.ofDays(5).toMillis()).isGreaterThan(graceEnd);
  }

  @Test
  void anOlderApiVersionInvoiceMakesTheUserPaid() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "invoice.paid.2024-06-20.json");
    send(h, ev, "checkout.session.completed.json");
    assertThat(plan(ev.user)).containsEntry("plan", "paid").containsEntry("status", "active").containsEntry("pe", Long.toString(PE));
  }

  @Test
  void aFailedRenewalMakesThePaidUserPastDue() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.json");
    send(h, ev, "invoice.payment_failed.json");
    assertThat(plan(ev.user)).containsEntry("status", "past_due")
        .containsEntry("until", Long.toString(T0 + CONFIG.stripe().pastDueGrace().toMillis()));
  }

  @Test
  void aConversionIsAttributedToTheLoopWithTimeToConvertAndLastStep() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    long hit = NOW.minus(Duration.ofDays(2)).toEpochMilli();
    REDIS.hset(Keys.timeline(ev.user), Map.of("h:features", Long.toString(hit), "pr:features", "1"));
    String day = Keys.funnelDay("2026-01-01");
    long before = count(day, "features:conversions");
    long atStepBefore = count(day, "features:conversionsAtStep:1");
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.json");
    assertThat(count(day, "features:conversions")).isEqualTo(before + 1);
    assertThat(count(day, "features:conversionsAtStep:1")).isEqualTo(atStepBefore + 1);
    assertThat(REDIS.lrange(Keys.funnelTimesToConvert("2026-01-01", "features"), 0, -1))
        .contains(Long.toString(Duration.ofDays(2).toMillis()));
    assertThat(metrics).singleElement().asString().contains("\"loop\":\"features\"", "\"TimeToConvert\":172800000", "\"lastStep\":1");
    assertThat(REDIS.hget(Keys.emailProfile(ev.user), "conv")).isEqualTo(Long.toString(NOW.toEpochMilli()));
  }

  @Test
  void payingWithoutALimitHitIsCountedApart() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    String day = Keys.funnelDay("2026-01-01");
    long before = count(day, "paidWithoutLimit");
    long loopBefore = count(day, "features:conversions");
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.json");
    assertThat(count(day, "paidWithoutLimit")).isEqualTo(before + 1);
    assertThat(count(day, "features:conversions")).isEqualTo(loopBefore);
    assertThat(metrics).singleElement().asString().contains("\"loop\":\"none\"");
  }

  @Test
  void badSignaturesOldTimestampsAndGarbageAre400AndChangeNothing() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    String file = "customer.subscription.updated.json";
    assertThat(h.handleRequest(ev.load(file, "whsec_wrong", NOW.getEpochSecond()), null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyResponseEvent old = h.handleRequest(ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond() - 301), null);
    assertThat(old.getStatusCode()).isEqualTo(400);
    assertThat(old.getBody()).contains("tolerance");
    APIGatewayProxyRequestEvent missing = ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond());
    missing.setHeaders(Map.of("Content-Type", "application/json"));
    assertThat(h.handleRequest(missing, null).getBody()).contains("missing Stripe-Signature");
    APIGatewayProxyRequestEvent garbage = ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond());
    garbage.setBody("{\"hello\":");
    garbage.setHeaders(Map.of("Stripe-Signature", SignedEvents.sign("{\"hello\":", SignedEvents.SECRET, NOW.getEpochSecond())));
    APIGatewayProxyResponseEvent g = h.handleRequest(garbage, null);
    assertThat(g.getStatusCode()).isEqualTo(400);
    assertThat(g.getBody()).contains("not JSON");
    APIGatewayProxyRequestEvent notBase64 = ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond());
    notBase64.setIsBase64Encoded(true);
    notBase64.setBody("%%% not base64 %%%");
    APIGatewayProxyResponseEvent b = h.handleRequest(notBase64, null);
    assertThat(b.getStatusCode()).isEqualTo(400);
    assertThat(b.getBody()).contains("not valid base64");
    assertThat(REDIS.exists(Keys.customer(ev.customer))).isFalse();
    assertThat(logs).hasSize(5).allMatch(l -> l.contains("rejected (400)"));
  }

  @Test
  void base64BodiesLowerCaseHeadersAndRolledSecretsAreAccepted() {
    StripeWebhookHandler h = handler(REDIS, "whsec_old_secret," + SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    APIGatewayProxyRequestEvent e = ev.load("customer.subscription.updated.json", SignedEvents.SECRET, NOW.getEpochSecond());
    String sig = e.getHeaders().get("Stripe-Signature");
    e.setHeaders(Map.of("stripe-signature", sig));
    e.setBody(Base64.getEncoder().encodeToString(e.getBody().getBytes(StandardCharsets.UTF_8)));
    e.setIsBase64Encoded(true);
    APIGatewayProxyResponseEvent r = h.handleRequest(e, null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).contains("\"result\":\"applied\"");
    assertThat(REDIS.hget(Keys.customer(ev.customer), "so:" + ev.subscription)).isNotNull();
  }

  @Test
  void unknownTypesAreIgnoredWith200() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    String body = "{\"id\":\"evt_" + System.nanoTime() + "\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1,"
        + "\"api_version\":\"2019-02-19\",\"data\":{\"object\":{\"id\":\"cus_x\",\"object\":\"customer\"}}}";
    APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent().withBody(body)
        .withHeaders(Map.of("Stripe-Signature", SignedEvents.sign(body, SignedEvents.SECRET, NOW.getEpochSecond())));
    assertThat(h.handleRequest(e, null).getBody()).contains("\"result\":\"ignored\"");
  }

  @Test
  void redisDownIs5xxAndStripesRetryThenApplies() throws Exception {
    UnifiedJedis dead = RedisConnector.connect("redis://127.0.0.1:" + TestRedis.freePort(), null, Duration.ofMillis(200),
        Duration.ofMillis(200));
    SignedEvents ev = new SignedEvents();
    send(handler(REDIS, SignedEvents.SECRET), ev, "checkout.session.completed.json");
    APIGatewayProxyResponseEvent down = send(handler(dead, SignedEvents.SECRET), ev, "customer.subscription.updated.json");
    assertThat(down.getStatusCode()).isEqualTo(500);
    assertThat(logs).anyMatch(l -> l.contains("failed, Stripe will retry"));
    APIGatewayProxyResponseEvent retry = send(handler(REDIS, SignedEvents.SECRET), ev, "customer.subscription.updated.json");
    assertThat(retry.getStatusCode()).isEqualTo(200);
    assertThat(retry.getBody()).contains("\"result\":\"applied\"");
    assertThat(plan(ev.user)).containsEntry("plan", "paid");
  }

  @Test
  void aNumberFormatExceptionFromStoredDataIs500SoStripeRetries() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    send(h, ev, "checkout.session.completed.json");
    send(h, ev, "customer.subscription.updated.json");
    REDIS.hset(Keys.plan(ev.user), "cvp", "not-a-number");
    APIGatewayProxyResponseEvent corrupt = send(h, ev, "invoice.paid.json");
    assertThat(corrupt.getStatusCode()).as("not the request's fault: Stripe must retry").isEqualTo(500);
    assertThat(logs).anyMatch(l -> l.contains("failed, Stripe will retry") && l.contains("NumberFormatException"));
    REDIS.hdel(Keys.plan(ev.user), "cvp");
    APIGatewayProxyResponseEvent retried = send(h, ev, "invoice.paid.json");
    assertThat(retried.getStatusCode()).isEqualTo(200);
    assertThat(plan(ev.user)).containsEntry("plan", "paid");
  }

  @Test
  void anEventWithAnUnusableAccountIdIsABadRequest() {
    StripeWebhookHandler h = handler(REDIS, SignedEvents.SECRET);
    SignedEvents ev = new SignedEvents();
    APIGatewayProxyResponseEvent r = h.handleRequest(ev.edited("checkout.session.completed.json",
        e -> SignedEvents.object(e).addProperty("client_reference_id", "victim}"), NOW.getEpochSecond()), null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("unusable account id");
    assertThat(REDIS.exists(Keys.customer(ev.customer))).isFalse();
  }

  private static long count(String key, String field) {
    String v = REDIS.hget(key, field);
    return v == null ? 0 : Long.parseLong(v);
  }

  private static List<List<Integer>> permutations(List<Integer> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<Integer>> out = new ArrayList<>();
    for (Integer first : items) {
      List<Integer> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<Integer> p : permutations(rest)) {
        List<Integer> l = new ArrayList<>();
        l.add(first);
        l.addAll(p);
        out.add(l);
      }
    }
    return out;
  }
}
