package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.ConfigException;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.ClientReferenceId;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisPlanStore;
import dev.tollgate.testing.CheckoutSamples;
import dev.tollgate.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The upgrade link end to end on a real Redis, with stripe-java talking to a local fake of
 * Stripe's API: what Stripe receives for a Checkout Session and a Portal session, and every
 * refusal (tampered, expired, Stripe failing, no Stripe key).
 */
class CheckoutUpgradeLinkIT {
  static final UnifiedJedis REDIS = TestRedis.client();
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String SECRET = "test-link-secret-0123456789abcdef";
  static final String CHECKOUT = "\n" + CheckoutSamples.SECTION;
  static final GatingConfig CONFIG = config(CHECKOUT);

  final FakeStripeCheckout stripe = newFake();
  final List<String> log = new ArrayList<>();
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final UpgradeLinks links = UpgradeLinks.of(CONFIG, SECRET).orElseThrow();

  static GatingConfig config(String checkout) {
    try {
      return ConfigLoader.parse(Files.readString(Path.of("../../gating.yaml")) + checkout, "gating.yaml + checkout");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static FakeStripeCheckout newFake() {
    try {
      return new FakeStripeCheckout();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws Exception {
    stripe.close();
  }

  UpgradeLinkHandler handler(Map<String, String> env) {
    return CheckoutWiring.of(CONFIG, REDIS, env, stripe.base(), clock).handler(log::add);
  }

  UpgradeLinkHandler handler() {
    return handler(Map.of(UpgradeLinks.SECRET_ENV, SECRET, ReporterWiring.API_KEY_ENV, "sk_test_local"));
  }

  static APIGatewayProxyResponseEvent get(UpgradeLinkHandler h, String link) {
    return h.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/billing/upgrade")
        .withQueryStringParameters(query(link)), null);
  }

  static Map<String, String> query(String link) {
    return CheckoutSamples.query(link);
  }

  /** Links {@code customer} to {@code account} with {@code entries} through the webhook's own plan script. */
  static void link(String account, String customer, List<PlanEntry> entries, String email) {
    new RedisPlanStore(REDIS, "free").write(account, customer, entries, Set.of(), Optional.ofNullable(email),
        NOW.minus(Duration.ofDays(1)));
  }

  @Test
  void anUnknownAccountGetsACheckoutSessionByEmailAndIsSentThereWith303() {
    String user = TestRedis.uniqueUser("ada");
    REDIS.hset(Keys.emailProfile(user), "email", "ada@example.com");
    APIGatewayProxyResponseEvent r = get(handler(), links.link(AccountId.parse(user), null, NOW));
    assertThat(r.getStatusCode()).isEqualTo(303);
    assertThat(r.getHeaders().get("Location")).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_local1");
    assertThat(stripe.requests()).hasSize(1);
    FakeStripeCheckout.Recorded sent = stripe.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/checkout/sessions");
    assertThat(sent.form()).containsEntry("mode", "subscription")
        .containsEntry("customer_email", "ada@example.com")
        .containsEntry("client_reference_id", ClientReferenceId.encode(user))
        .containsEntry("line_items[0][price]", "price_1PaidMonthly")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("success_url", "https://app.acme.dev/billing/done")
        .containsEntry("cancel_url", "https://app.acme.dev/pricing")
        .containsEntry("subscription_data[metadata][userId]", user)
        .doesNotContainKey("customer");
  }

  @Test
  void withNoStoredAddressTheCallersEmailTheLinkCarriesPrefillsCheckoutAndAStoredOneWins() {
    String user = TestRedis.uniqueUser("fresh");
    assertThat(get(handler(), links.link(AccountId.parse(user), "fresh@example.com", NOW)).getStatusCode())
        .isEqualTo(303);
    assertThat(stripe.requests().get(0).form()).containsEntry("customer_email", "fresh@example.com");
    REDIS.hset(Keys.emailProfile(user), "email", "billing@example.com");
    get(handler(), links.link(AccountId.parse(user), "fresh@example.com", NOW));
    assertThat(stripe.requests().get(1).form()).containsEntry("customer_email", "billing@example.com");
  }

  @Test
  void anOrganisationWithALinkedFreeCustomerChecksOutAsThatCustomerUnderTheReferenceTheWebhookDecodes() {
    String org = "@" + TestRedis.uniqueUser("acme");
    link(org, "cus_" + Math.abs(org.hashCode()), List.of(), "ops@acme.dev");
    APIGatewayProxyResponseEvent r = get(handler(), links.link(AccountId.parse(org), null, NOW));
    assertThat(r.getStatusCode()).isEqualTo(303);
    Map<String, String> form = stripe.requests().get(0).form();
    assertThat(form).containsEntry("customer", "cus_" + Math.abs(org.hashCode())).doesNotContainKey("customer_email");
    assertThat(form.get("client_reference_id")).startsWith(ClientReferenceId.PREFIX);
    assertThat(ClientReferenceId.decode(form.get("client_reference_id"))).isEqualTo(org);
  }

  @Test
  void aPayingAccountGetsAPortalSessionReturningToPortalReturnUrl() {
    String user = TestRedis.uniqueUser("payer");
    link(user, "cus_payer", List.of(new PlanEntry("paid", null, null, null, "active", "sub_1")), null);
    APIGatewayProxyResponseEvent r = get(handler(), links.link(AccountId.parse(user), null, NOW));
    assertThat(r.getStatusCode()).isEqualTo(303);
    assertThat(r.getHeaders().get("Location")).startsWith("https://billing.stripe.com/p/session/");
    assertThat(stripe.requests()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo("/v1/billing_portal/sessions");
      assertThat(s.form()).containsEntry("customer", "cus_payer")
          .containsEntry("return_url", "https://app.acme.dev/settings");
    });
  }

  @Test
  void anAccountWhosePaidPlanLapsedIsSoldCheckoutAgain() {
    String user = TestRedis.uniqueUser("lapsed");
    long ended = NOW.minus(Duration.ofHours(1)).toEpochMilli();
    link(user, "cus_lapsed", List.of(new PlanEntry("paid", ended, null, null, "past_due", "sub_1")), null);
    assertThat(get(handler(), links.link(AccountId.parse(user), null, NOW)).getStatusCode()).isEqualTo(303);
    assertThat(stripe.requests().get(0).path()).isEqualTo("/v1/checkout/sessions");
    assertThat(stripe.requests().get(0).form()).containsEntry("customer", "cus_lapsed");
  }

  @Test
  void aTamperedLinkIsA400PageAndStripeIsNeverCalled() {
    String link = links.link(AccountId.parse("ada"), null, NOW);
    APIGatewayProxyResponseEvent r = get(handler(), link.replace("a=ada", "a=bob"));
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("text/html");
    assertThat(r.getBody()).contains("invalid");
    assertThat(get(handler(), link.replaceAll("&s=.*", "")).getStatusCode()).isEqualTo(400);
    assertThat(stripe.requests()).isEmpty();
    assertThat(log).contains("upgrade link refused: missing or invalid signature");
  }

  @Test
  void anExpiredLinkIsA400PagePointingAtThePricingPage() {
    String link = links.link(AccountId.parse("ada"), null, NOW.minus(Duration.ofDays(7)));
    APIGatewayProxyResponseEvent r = get(handler(), link);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("expired").contains("https://app.acme.dev/pricing");
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void withoutAStripeKeyTheLinkRedirectsToEmailUpgradeUrlForTheAccount() {
    String user = TestRedis.uniqueUser("nokey");
    REDIS.hset(Keys.emailProfile(user), "email", "nokey@example.com");
    APIGatewayProxyResponseEvent r = get(handler(Map.of(UpgradeLinks.SECRET_ENV, SECRET)),
        links.link(AccountId.parse(user), null, NOW));
    assertThat(r.getStatusCode()).isEqualTo(303);
    assertThat(r.getHeaders().get("Location")).isEqualTo("https://buy.stripe.com/test_XXXX?client_reference_id="
        + ClientReferenceId.encode(user) + "&prefilled_email=nokey%40example.com");
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void aStripe500IsA502PageThatChangesNothingAndTheSameLinkWorksOnceStripeIsBack() {
    String user = TestRedis.uniqueUser("outage");
    link(user, "cus_outage", List.of(), "outage@example.com");
    Map<String, String> before = new HashMap<>(REDIS.hgetAll(Keys.plan(user)));
    String link = links.link(AccountId.parse(user), null, NOW);
    stripe.failWith500(true);
    APIGatewayProxyResponseEvent r = get(handler(), link);
    assertThat(r.getStatusCode()).isEqualTo(502);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("text/html");
    assertThat(r.getBody()).contains("Nothing was charged");
    assertThat(log).anyMatch(l -> l.contains("Stripe refused or failed (500"));
    assertThat(REDIS.hgetAll(Keys.plan(user))).isEqualTo(before);
    stripe.failWith500(false);
    assertThat(get(handler(), link).getStatusCode()).isEqualTo(303);
  }

  @Test
  void onlyGetIsServed() {
    APIGatewayProxyResponseEvent r = handler().handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
        .withQueryStringParameters(query(links.link(AccountId.parse("ada"), null, NOW))), null);
    assertThat(r.getStatusCode()).isEqualTo(405);
    assertThat(r.getHeaders()).containsEntry("Allow", "GET");
    assertThat(r.getBody()).contains("only answers GET");
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void theFunctionRefusesToStartWithoutItsSectionOrSecretNamingWhatIsMissing() {
    Map<String, String> env = new HashMap<>(Map.of(ReporterWiring.API_KEY_ENV, "sk_test_local"));
    assertThatThrownBy(() -> CheckoutWiring.of(CONFIG, REDIS, env, stripe.base(), clock))
        .hasMessageContaining("UNSUBSCRIBE_SECRET");
    env.put(UpgradeLinks.SECRET_ENV, SECRET);
    assertThatThrownBy(() -> CheckoutWiring.of(config(""), REDIS, env, stripe.base(), clock))
        .hasMessageContaining("no 'checkout' section");
    assertThatThrownBy(() -> config(CHECKOUT.replace("plan: paid", "plan: free"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("checkout.plan: ");
  }

  @Test
  void theSampleEventsLinkOpensACheckoutAndItsTamperedTwinIs400() {
    // events/upgrade-link/*.json are signed with the local stack's development secret, valid until 2100
    UpgradeLinkHandler h = handler(Map.of(UpgradeLinks.SECRET_ENV, "tollgate-local-unsubscribe-secret-0123456789",
        ReporterWiring.API_KEY_ENV, "sk_test_local"));
    APIGatewayProxyResponseEvent r = h.handleRequest(sample("get.json"), null);
    assertThat(r.getStatusCode()).isEqualTo(303);
    assertThat(stripe.requests().get(0).form()).containsEntry("client_reference_id", "user-123");
    assertThat(h.handleRequest(sample("tampered.json"), null).getStatusCode()).isEqualTo(400);
  }

  static APIGatewayProxyRequestEvent sample(String name) {
    return com.amazonaws.services.lambda.runtime.tests.EventLoader.loadApiGatewayRestEvent(
        Path.of("../../events/upgrade-link", name).toAbsolutePath().toString());
  }
}
