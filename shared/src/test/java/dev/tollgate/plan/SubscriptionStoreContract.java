package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SubscriptionStore} must do; run against the fake and real Redis (single and cluster). */
public abstract class SubscriptionStoreContract {
  /** A fresh store. */
  protected abstract SubscriptionStore store();

  static SubscriptionSnapshot sub(String cus, String status, long observedAt, String accountId) {
    return new SubscriptionSnapshot("sub_1", cus, status, List.of("price_1PaidMonthly"), 1_000L, 2_000L, false, null,
        accountId, observedAt);
  }

  static CustomerLink link(String cus, String account, long at) {
    return new CustomerLink(cus, account, null, at, true);
  }

  @Test
  void keepsStateOfAnUnlinkedCustomerAndLinksLater() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    SubscriptionStore.Update u = s.apply(sub(cus, "active", 5_000, null));
    assertThat(u.applied()).isTrue();
    assertThat(u.state().accountId()).isNull();
    s.index(cus);
    CustomerState linked = s.apply(link(cus, "user-a", 6_000)).state();
    assertThat(linked.accountId()).isEqualTo("user-a");
    assertThat(linked.subscriptions().get("sub_1")).isEqualTo(sub(cus, "active", 5_000, null));
    assertThat(linked.formerAccounts()).isEmpty();
    assertThat(s.linkedCustomers()).contains(cus);
  }

  @Test
  void ignoresAnOlderSnapshotOfTheSameSubscription() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "canceled", 9_000, null));
    SubscriptionStore.Update older = s.apply(sub(cus, "active", 8_000, null));
    assertThat(older.applied()).isFalse();
    assertThat(older.state().subscriptions().get("sub_1").status()).isEqualTo("canceled");
  }

  @Test
  void inOneSecondTheLaterLifecycleStatusWinsWhateverTheOrder() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "active", 8_000, null));
    assertThat(s.apply(sub(cus, "incomplete", 8_000, null)).applied()).isFalse();
    assertThat(s.get(cus).subscriptions().get("sub_1").status()).isEqualTo("active");
  }

  @Test
  void invoiceOutcomesAreKeptApartAndOrderedToo() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    InvoiceSnapshot paid = new InvoiceSnapshot("sub_1", cus, true, "subscription_cycle", List.of("p"), 1L, 2L, null, 7_000);
    InvoiceSnapshot failed = new InvoiceSnapshot("sub_1", cus, false, "subscription_cycle", List.of("p"), 1L, 2L, null, 6_000);
    assertThat(s.apply(paid).applied()).isTrue();
    assertThat(s.apply(failed).applied()).isFalse();
    assertThat(s.get(cus).invoices().get("sub_1")).isEqualTo(paid);
  }

  @Test
  void metadataUserIdLinksOnlyACustomerWithoutAnExplicitLink() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    assertThat(s.apply(sub(cus, "active", 1_000, "meta-user")).state().accountId()).isEqualTo("meta-user");
    s.apply(link(cus, "checkout-user", 500));
    assertThat(s.apply(sub(cus, "active", 2_000, "meta-user")).state().accountId()).isEqualTo("checkout-user");
  }

  @Test
  void theLatestPaidPeriodIsKeptWhateverTheOrderAndUnpaidStatusesKeepNone() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "incomplete", 1_000, null));
    assertThat(s.get(cus).paidPeriods()).isEmpty();
    SubscriptionSnapshot canceled = new SubscriptionSnapshot("sub_1", cus, "canceled", List.of("p"), 5_000L, 6_000L, false, null,
        null, 9_000);
    s.apply(canceled);
    s.apply(sub(cus, "active", 8_000, null));
    assertThat(s.get(cus).subscriptions().get("sub_1").status()).as("the stale active snapshot").isEqualTo("canceled");
    assertThat(s.get(cus).paidPeriods().get("sub_1")).as("...still tells the last paid period")
        .isEqualTo(new PaidPeriod(8_000, 1_000, 2_000));
    s.apply(sub(cus, "active", 7_000, null));
    assertThat(s.get(cus).paidPeriods().get("sub_1").observedAt()).isEqualTo(8_000);
  }

  @Test
  void theLaterExplicitLinkWinsWhateverTheArrivalOrderAndTheOneItReplacesIsFormer() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(link(cus, "first", 1_000));
    CustomerState relinked = s.apply(link(cus, "second", 2_000)).state();
    assertThat(relinked.accountId()).isEqualTo("second");
    assertThat(relinked.formerAccounts()).containsExactly("first");
    SubscriptionStore.Update late = s.apply(link(cus, "first", 1_000));
    assertThat(late.applied()).as("an older link delivered late").isFalse();
    assertThat(late.state().accountId()).isEqualTo("second");
    assertThat(s.apply(link(cus, "second", 2_000)).applied()).as("the same link again").isTrue();
    s.formerSettled(cus, "first");
    assertThat(s.get(cus).formerAccounts()).isEmpty();
    CustomerState back = s.apply(link(cus, "first", 3_000)).state();
    assertThat(back.accountId()).isEqualTo("first");
    assertThat(back.formerAccounts()).containsExactly("second");
  }

  static ActiveEntitlements summary(String cus, long at, boolean complete, String... keys) {
    return new ActiveEntitlements(cus, List.of(keys), complete, at);
  }

  @Test
  void anOlderSummaryNeverReplacesANewerOneAndAPartialOneOnlyAdds() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    assertThat(s.apply(summary(cus, 5_000, true, "export", "beta")).applied()).isTrue();
    assertThat(s.apply(summary(cus, 4_000, true, "old")).applied()).as("an older complete summary").isFalse();
    assertThat(s.get(cus).activeEntitlements()).containsExactly("beta", "export");
    assertThat(s.apply(summary(cus, 6_000, false, "extra")).applied()).isTrue();
    assertThat(s.get(cus).activeEntitlements()).as("a partial list removes nothing").containsExactly("beta", "export", "extra");
    s.apply(summary(cus, 7_000, true, "beta"));
    assertThat(s.get(cus).activeEntitlements()).as("a newer complete list is the whole truth").containsExactly("beta");
    s.apply(summary(cus, 6_500, false, "late"));
    assertThat(s.get(cus).activeEntitlements()).as("a partial list older than the complete one").containsExactly("beta");
    s.apply(summary(cus, 8_000, true));
    assertThat(s.get(cus).activeEntitlements()).as("all removed").isEmpty();
    assertThat(s.get(cus).accountId()).isNull();
  }

  @Test
  void twoSummariesOfOneMillisecondKeepTheSameOneInEitherOrder() {
    SubscriptionStore a = store();
    SubscriptionStore b = store();
    String cus = TestRedis.uniqueUser("cus");
    String other = TestRedis.uniqueUser("cus");
    a.apply(summary(cus, 5_000, true, "x"));
    a.apply(summary(cus, 5_000, true, "y"));
    b.apply(summary(other, 5_000, true, "y"));
    b.apply(summary(other, 5_000, true, "x"));
    assertThat(a.get(cus).activeEntitlements()).isEqualTo(b.get(other).activeEntitlements()).containsExactly("y");
  }

  @Test
  void aCreditPurchaseIsKeptOnceAndClaimedByTheFirstAccountLinked() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    CreditPurchase p = new CreditPurchase("cs_1", cus, null, 500, 9_000L, 1_000);
    assertThat(s.keepCredits(p).state().credits()).containsEntry("cs_1", p);
    assertThat(s.keepCredits(p).applied()).as("the same session again").isFalse();
    assertThat(s.apply(link(cus, "first", 2_000)).state().credits()).containsEntry("cs_1", p.claimedBy("first"));
    assertThat(s.apply(link(cus, "second", 3_000)).state().credits().get("cs_1").account()).as("claimed once")
        .isEqualTo("first");
    s.creditsGranted(cus, "cs_1");
    assertThat(s.get(cus).credits()).isEmpty();
    assertThat(s.keepCredits(p).applied()).as("a granted session is never kept again").isFalse();
    assertThat(s.get(cus).credits()).isEmpty();
    CreditPurchase next = new CreditPurchase("cs_2", cus, null, 7, null, 4_000);
    assertThat(s.keepCredits(next).state().credits()).as("a linked customer's purchase is claimed at once")
        .containsEntry("cs_2", next.claimedBy("second"));
  }
}
