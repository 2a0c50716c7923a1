package dev.tollgate.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.PlanEntry;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a valid upgrade link sends its account: Checkout, Portal, a redirect, or nowhere. */
class UpgradeRouteTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final long LATER = NOW.plusSeconds(3600).toEpochMilli();
  static final long EARLIER = NOW.minusSeconds(3600).toEpochMilli();
  static final String YAML = String.join("\n",
      "loops:",
      "  - name: features",
      "    type: freemium",
      "    steps:",
      "      - trigger: { type: api, endpoint: \"/api/*\", method: POST }",
      "        condition: { type: usage, limit: { free: 10, pro: unlimited }, period: 30d }",
      "        action: { type: block, message: \"Upgrade.\" }",
      "    recovery: { retries: 0 }",
      "plans:",
      "  free: { default: true }",
      "  pro: { stripePrices: [price_Pro, price_ProYearly] }",
      "identity: { type: apiKey }",
      "email:",
      "  from: \"Acme <billing@acme.dev>\"",
      "  upgradeUrl: \"https://buy.stripe.com/x?client_reference_id={{userId}}&prefilled_email={{email}}\"",
      "  unsubscribeBaseUrl: \"https://api.acme.dev/email/unsubscribe\"",
      "  templates: { p: { sequence: [{ after: 0m, subject: s, text: \"{{upgradeUrl}}\" }] } }",
      "checkout:",
      "  linkBaseUrl: https://api.acme.dev/billing/upgrade",
      "  plan: pro",
      "  successUrl: https://app.acme.dev/billing/done",
      "  cancelUrl: https://app.acme.dev/pricing",
      "  portalReturnUrl: https://app.acme.dev/settings",
      "");
  static final GatingConfig CONFIG = ConfigLoader.parse(YAML, "test");

  static BillingAccount account(String plan, Long until, String customer, String email) {
    return new BillingAccount(Optional.ofNullable(plan).map(p -> new PlanEntry(p, until, null, null, "active", "sub_1")),
        Optional.ofNullable(customer), Optional.ofNullable(email));
  }

  static Stream<Arguments> cases() {
    String success = "https://app.acme.dev/billing/done";
    String cancel = "https://app.acme.dev/pricing";
    return Stream.of(
        Arguments.of("unknown account: checkout by email", "ada", account(null, null, null, "ada@example.com"), true,
            new UpgradeStep.Checkout(null, "ada@example.com", "ada", "price_Pro", success, cancel)),
        Arguments.of("unknown account without email: checkout asks for it", "ada", BillingAccount.UNKNOWN, true,
            new UpgradeStep.Checkout(null, null, "ada", "price_Pro", success, cancel)),
        Arguments.of("free account with a customer: checkout for that customer", "@acme",
            account("free", null, "cus_1", "ops@acme.dev"), true,
            new UpgradeStep.Checkout("cus_1", null, "tg64_QGFjbWU", "price_Pro", success, cancel)),
        Arguments.of("lapsed plan: checkout again", "ada", account("pro", EARLIER, "cus_1", null), true,
            new UpgradeStep.Checkout("cus_1", null, "ada", "price_Pro", success, cancel)),
        Arguments.of("paying account: the portal", "ada", account("pro", null, "cus_1", null), true,
            new UpgradeStep.Portal("cus_1", "https://app.acme.dev/settings")),
        Arguments.of("paying until later (cancel at period end): the portal", "ada", account("pro", LATER, "cus_1", null),
            true, new UpgradeStep.Portal("cus_1", "https://app.acme.dev/settings")),
        Arguments.of("paying by hand, no customer: never a second subscription", "ada", account("pro", null, null, null),
            true, new UpgradeStep.AlreadyPaid("pro")),
        Arguments.of("no Stripe key: email.upgradeUrl for the account", "ada", account(null, null, null, "a@b.dev"), false,
            new UpgradeStep.Redirect("https://buy.stripe.com/x?client_reference_id=ada&prefilled_email=a%40b.dev")),
        Arguments.of("no Stripe key, an organisation", "@acme", BillingAccount.UNKNOWN, false,
            new UpgradeStep.Redirect("https://buy.stripe.com/x?client_reference_id=tg64_QGFjbWU&prefilled_email=")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String what, String account, BillingAccount facts, boolean stripe, UpgradeStep expected) {
    assertThat(new UpgradeRoute(CONFIG).decide(AccountId.parse(account), facts, stripe, NOW)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void withoutStripeOrEmailThereIsNowhereToGo() {
    GatingConfig noEmail = CONFIG.withEmail(Optional.empty());
    assertThat(new UpgradeRoute(noEmail).decide(AccountId.parse("ada"), BillingAccount.UNKNOWN, false, NOW))
        .isInstanceOf(UpgradeStep.Unavailable.class);
  }
}
