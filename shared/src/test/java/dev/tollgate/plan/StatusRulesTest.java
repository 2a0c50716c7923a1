package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stripe status → plan, table-driven (DESIGN.md "Stripe statuses"). */
class StatusRulesTest {
  private static final long PS = 1_000_000L;
  private static final long PE = 9_000_000L;
  private static final long GRACE = Duration.ofDays(3).toMillis();
  private static final StatusRules RULES = new StatusRules("free",
      price -> Optional.ofNullable(Map.of("price_paid", "paid").get(price)), Duration.ofDays(3));

  private static SubscriptionSnapshot sub(String status, boolean capEnd, String price, long at) {
    return new SubscriptionSnapshot("sub_1", "cus_1", status, List.of(price), PS, PE, capEnd, null, null, at);
  }

  private static Long until(String s) {
    switch (s) {
      case "-": return null;
      case "pe": return PE;
      case "grace": return PS + GRACE;
      default: throw new IllegalArgumentException(s);
    }
  }

  @ParameterizedTest(name = "{0} cancelAtPeriodEnd={1} price={2} -> {3} until {4}, billing period kept: {5}")
  @CsvSource({
      "active,             false, price_paid,  paid, -,     true",
      "trialing,           false, price_paid,  paid, -,     true",
      "past_due,           false, price_paid,  paid, grace, true",
      "canceled,           false, price_paid,  free, -,     false",
      "unpaid,             false, price_paid,  free, -,     false",
      "incomplete,         false, price_paid,  free, -,     false",
      "incomplete_expired, false, price_paid,  free, -,     false",
      "paused,             false, price_paid,  free, -,     false",
      "something_new,      false, price_paid,  free, -,     false",
      "active,             true,  price_paid,  paid, pe,    true",
      "trialing,           true,  price_paid,  paid, pe,    true",
      "past_due,           true,  price_paid,  paid, pe,    true",
      "active,             false, price_other, free, -,     true",
  })
  void subscriptionStatusGivesPlan(String status, boolean capEnd, String price, String plan, String until, boolean period) {
    PlanEntry e = RULES.entry(sub(status, capEnd, price, 5), null);
    assertThat(e.plan()).isEqualTo(plan);
    assertThat(e.until()).isEqualTo(until(until));
    assertThat(e.periodEnd()).isEqualTo(period ? PE : null);
    assertThat(e.periodStart()).isEqualTo(period ? PS : null);
  }

  @ParameterizedTest(name = "{0} after a paid period keeps that period")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"canceled", "unpaid", "paused", "incomplete_expired"})
  void anUnpaidStatusKeepsTheLastPaidPeriodNeverItsOwn(String status) {
    PaidPeriod paid = new PaidPeriod(3, PS - 100, PS);
    PlanEntry e = RULES.entry(sub(status, false, "price_paid", 5), null, paid);
    assertThat(e.plan()).isEqualTo("free");
    assertThat(e.periodStart()).isEqualTo(PS - 100);
    assertThat(e.periodEnd()).isEqualTo(PS);
  }

  @ParameterizedTest(name = "first invoice {0} -> status {1}, period {2}")
  @CsvSource({"true, active, true", "false, incomplete, false"})
  void onlyAPaidFirstInvoiceMovesTheBillingPeriod(boolean paid, String status, boolean period) {
    InvoiceSnapshot i = new InvoiceSnapshot("sub_1", "cus_1", paid, "subscription_create", List.of("price_paid"), PE, PE + 5,
        null, 9);
    PlanEntry e = RULES.entry(sub("incomplete", false, "price_paid", 1), i);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.periodEnd()).isEqualTo(period ? PE + 5 : null);
  }

  @ParameterizedTest(name = "sub {0} at {1}, invoice paid={2} {3} at {4} -> status {5}")
  @CsvSource({
      "-,          0, true,  subscription_create, 5, active",
      "-,          0, false, subscription_create, 5, incomplete",
      "-,          0, false, subscription_cycle,  5, past_due",
      "incomplete, 4, true,  subscription_create, 5, active",
      "past_due,   4, true,  subscription_cycle,  5, active",
      "active,     4, false, subscription_cycle,  5, past_due",
      "active,     6, false, subscription_cycle,  5, active",
      "canceled,   4, true,  subscription_cycle,  5, canceled",
  })
  void newerInvoiceSpeaksForTheStatus(String subStatus, long subAt, boolean paid, String reason, long invAt, String status) {
    SubscriptionSnapshot s = subStatus.equals("-") ? null : sub(subStatus, false, "price_paid", subAt);
    InvoiceSnapshot i = new InvoiceSnapshot("sub_1", "cus_1", paid, reason, List.of("price_paid"), PS, PE, null, invAt);
    assertThat(RULES.entry(s, i).status()).isEqualTo(status);
  }

  @org.junit.jupiter.api.Test
  void aRenewalInvoiceMovesThePeriodForward() {
    InvoiceSnapshot i = new InvoiceSnapshot("sub_1", "cus_1", true, "subscription_cycle", List.of("price_paid"), PE, PE + 5, null, 9);
    PlanEntry e = RULES.entry(sub("active", false, "price_paid", 1), i);
    assertThat(e.periodStart()).isEqualTo(PE);
    assertThat(e.periodEnd()).isEqualTo(PE + 5);
  }
}
